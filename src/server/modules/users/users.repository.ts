import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { orgUnits, users } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

/** Users with this email (case-insensitive), at most `limit`. */
export async function findUsersByEmail(db: Executor, email: string, limit: number): Promise<UserRow[]> {
  return db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(limit);
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(
  db: Executor,
  values: { username: string; displayName: string; email: string | null; passwordHash: string; orgUnitId: string | null; roles: string[]; mustChangePassword: boolean },
): Promise<UserRow | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing().returning();
  return row;
}

/** Stores a new password hash; `changedAt` is set when the owner chose it (not a reset). */
export async function updatePasswordHash(db: Executor, id: string, passwordHash: string, mustChangePassword: boolean, changedAt?: Date): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword, ...(changedAt ? { passwordChangedAt: changedAt } : {}), updatedAt: sql`now()`, version: sql`${users.version} + 1` })
    .where(eq(users.id, id));
}

export async function markSignedIn(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, id));
}

export async function findOrgUnitIdByCode(db: Executor, code: string): Promise<string | undefined> {
  const [row] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code));
  return row?.id;
}

/** What administrators see of an account: never the password hash nor the MFA secret. */
const userViewColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  roles: users.roles,
  orgUnitId: users.orgUnitId,
  orgUnitCode: orgUnits.code,
  status: users.status,
  mustChangePassword: users.mustChangePassword,
  mfaEnabledAt: users.mfaEnabledAt,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export type UserViewRow = Awaited<ReturnType<typeof findUserViewById>>[number];

export function findUserViewById(db: Executor, id: string) {
  return db.select(userViewColumns).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(eq(users.id, id));
}

/** One page of accounts in username order, after `afterUsername` (lower-cased), `limit` rows. */
export function listUserViews(
  db: Executor,
  filter: { q?: string | undefined; role?: string | undefined; status?: string | undefined; afterUsername?: string | undefined; limit: number },
) {
  return db
    .select(userViewColumns)
    .from(users)
    .leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        // strpos rather than LIKE: a % or _ typed by the administrator is just a character.
        filter.q
          ? sql`(strpos(vn_norm(${users.username}), vn_norm(${filter.q})) > 0 OR strpos(vn_norm(${users.displayName}), vn_norm(${filter.q})) > 0)`
          : undefined,
        filter.role ? sql`${filter.role} = ANY(${users.roles})` : undefined,
        filter.status ? eq(users.status, filter.status) : undefined,
        filter.afterUsername !== undefined ? sql`lower(${users.username}) > ${filter.afterUsername}` : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${users.username})`))
    .limit(filter.limit);
}

/** The account row, locked until the end of the caller's transaction. */
export async function lockUserById(t: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await t.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}

export async function updateUserFields(
  t: Executor,
  id: string,
  set: Partial<{ displayName: string; email: string | null; roles: string[]; orgUnitId: string | null; status: string }>,
): Promise<void> {
  await t
    .update(users)
    .set({ ...set, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
    .where(eq(users.id, id));
}

/** Stores a new (not yet confirmed) TOTP secret, sealed. */
export async function storeMfaSecret(t: Executor, id: string, sealed: string): Promise<void> {
  await t.update(users).set({ mfaSecret: sealed, mfaEnabledAt: null, mfaLastStep: null }).where(eq(users.id, id));
}

export async function activateMfa(t: Executor, id: string, at: Date, step: number): Promise<void> {
  await t.update(users).set({ mfaEnabledAt: at, mfaLastStep: step }).where(eq(users.id, id));
}

/** Records a TOTP time step as used; false when it (or a later one) was used already: a replay. */
export async function acceptMfaStep(t: Executor, id: string, step: number): Promise<boolean> {
  const rows = await t
    .update(users)
    .set({ mfaLastStep: step })
    .where(and(eq(users.id, id), sql`coalesce(${users.mfaLastStep}, -1) < ${step}`))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function clearMfa(t: Executor, id: string): Promise<void> {
  await t.update(users).set({ mfaSecret: null, mfaEnabledAt: null, mfaLastStep: null, updatedAt: sql`now()`, version: sql`${users.version} + 1` }).where(eq(users.id, id));
}
