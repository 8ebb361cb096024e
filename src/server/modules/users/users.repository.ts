import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { orgUnits, users } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function insertUser(
  db: Executor,
  values: { username: string; displayName: string; email: string | null; passwordHash: string; orgUnitId: string | null; roles: string[]; mustChangePassword: boolean },
): Promise<UserRow | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updatePasswordHash(db: Executor, id: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
    .where(eq(users.id, id));
}

export async function findOrgUnitIdByCode(db: Executor, code: string): Promise<string | undefined> {
  const [row] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code));
  return row?.id;
}
