import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { apiTokens, loginThrottle, recoveryCodes, sessions, users } from '../../db/schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  return row!;
}

/** A live session with its user, or undefined. */
export async function findLiveSession(db: Executor, tokenHash: string, now: Date, idleSince: Date) {
  const [row] = await db
    .select({
      session: sessions,
      user: { id: users.id, username: users.username, roles: users.roles, orgUnitId: users.orgUnitId, mustChangePassword: users.mustChangePassword, mfaEnabledAt: users.mfaEnabledAt, status: users.status },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince)));
  return row;
}

export async function touchSession(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Executor, id: string, userId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function revokeUserSessions(db: Executor, userId: string, at: Date, exceptId?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined));
}

export async function listUserSessions(db: Executor, userId: string, now: Date, idleSince: Date) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince)))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function findThrottle(db: Executor, key: string) {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  return row;
}

/** Counts one more failure and returns the new count. */
export async function addFailure(db: Executor, key: string, at: Date, resetBefore: Date): Promise<number> {
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, lastFailureAt: at })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      // Failures long ago no longer count.
      set: { failures: sql`CASE WHEN ${loginThrottle.lastFailureAt} < ${resetBefore} THEN 1 ELSE ${loginThrottle.failures} + 1 END`, lastFailureAt: at },
    })
    .returning({ failures: loginThrottle.failures });
  return row!.failures;
}

export async function setLockedUntil(db: Executor, key: string, until: Date): Promise<void> {
  await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.key, key));
}

export async function clearThrottle(db: Executor, key: string): Promise<boolean> {
  const rows = await db.delete(loginThrottle).where(eq(loginThrottle.key, key)).returning({ key: loginThrottle.key });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(t: Executor, userId: string, codeHashes: string[]): Promise<void> {
  await t.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length) await t.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks an unused recovery code used; false when there is none with that hash. */
export async function useRecoveryCode(t: Executor, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const rows = await t
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const rows = await db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(t: Executor, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [row] = await t.insert(apiTokens).values(values).returning();
  return row!;
}

export async function findApiTokenByPrefix(db: Executor, prefix: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.prefix, prefix));
  return row;
}

export async function listApiTokens(db: Executor): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(t: Executor, id: string, at: Date): Promise<boolean> {
  const rows = await t
    .update(apiTokens)
    .set({ revokedAt: at, active: false })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function touchApiToken(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
