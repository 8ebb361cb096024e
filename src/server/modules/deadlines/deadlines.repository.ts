/** SQL for deadline policy versions. */
import { and, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { deadlinePolicies, domains } from '../../db/schema/index.ts';

export type DeadlinePolicyRow = typeof deadlinePolicies.$inferSelect;
export type DeadlinePolicyInsert = typeof deadlinePolicies.$inferInsert;

export async function listPolicies(db: Executor): Promise<DeadlinePolicyRow[]> {
  return db.select().from(deadlinePolicies).orderBy(desc(deadlinePolicies.effectiveFrom));
}

export async function findPolicy(db: Executor, id: string): Promise<DeadlinePolicyRow | undefined> {
  const [row] = await db.select().from(deadlinePolicies).where(eq(deadlinePolicies.id, id));
  return row;
}

/** The version in force on a local date, if any. */
export async function findPolicyOn(db: Executor, date: string): Promise<DeadlinePolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(deadlinePolicies)
    .where(and(lte(deadlinePolicies.effectiveFrom, date), or(isNull(deadlinePolicies.effectiveTo), gte(deadlinePolicies.effectiveTo, date))))
    .orderBy(desc(deadlinePolicies.effectiveFrom))
    .limit(1);
  return row;
}

/** Versions whose range meets [from, to] (to null: open-ended). */
export async function findOverlapping(db: Executor, from: string, to: string | null): Promise<DeadlinePolicyRow[]> {
  return db
    .select()
    .from(deadlinePolicies)
    .where(and(or(isNull(deadlinePolicies.effectiveTo), gte(deadlinePolicies.effectiveTo, from)), to ? lte(deadlinePolicies.effectiveFrom, to) : undefined));
}

/** Serialises version changes, so two administrators cannot both fit a version in one gap. */
export async function lockPolicies(t: Executor): Promise<void> {
  await t.execute(sql`LOCK TABLE deadline_policies IN SHARE ROW EXCLUSIVE MODE`);
}

export async function endPolicy(t: Executor, id: string, effectiveTo: string): Promise<void> {
  await t.update(deadlinePolicies).set({ effectiveTo }).where(eq(deadlinePolicies.id, id));
}

export async function insertPolicy(t: Executor, values: DeadlinePolicyInsert): Promise<DeadlinePolicyRow> {
  const [row] = await t.insert(deadlinePolicies).values(values).returning();
  return row!;
}

export async function existingDomainCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: domains.code }).from(domains).where(sql`${domains.code} IN ${codes}`);
  return new Set(rows.map((r) => r.code));
}
