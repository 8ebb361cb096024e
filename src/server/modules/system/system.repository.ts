import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { jobHeartbeats } from '../../db/schema/index.ts';

export async function upsertHeartbeat(db: Executor, name: string, at: Date): Promise<void> {
  await db
    .insert(jobHeartbeats)
    .values({ name, lastRunAt: at, runs: 1 })
    .onConflictDoUpdate({ target: jobHeartbeats.name, set: { lastRunAt: at, runs: sql`${jobHeartbeats.runs} + 1` } });
}

export async function findHeartbeat(db: Executor, name: string): Promise<{ lastRunAt: Date; runs: number } | undefined> {
  const [row] = await db.select().from(jobHeartbeats).where(sql`${jobHeartbeats.name} = ${name}`);
  return row ? { lastRunAt: row.lastRunAt, runs: row.runs } : undefined;
}
