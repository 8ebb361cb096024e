import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Database } from '../db/database.ts';
import { defineJob } from './job-definition.ts';

/**
 * PostgreSQL's autovacuum keeps the planner's statistics current and reclaims dead rows. PGlite
 * runs PostgreSQL in single-user mode, where autovacuum never runs: without statistics the
 * planner takes every table for a tiny one (looking a contact up by phone became a scan of
 * every contact). Where autovacuum does not run (PGlite, or a PostgreSQL with `autovacuum = off`)
 * these jobs stand in for it: ANALYZE every hour, VACUUM every night. Elsewhere they do nothing.
 */
export async function autovacuumRuns(database: Database): Promise<boolean> {
  if (database.engine === 'pglite') return false;
  const [row] = await queryRows<{ setting: string }>(database.db, sql`SELECT current_setting('autovacuum') AS setting`);
  return row?.setting === 'on';
}

export const analyzeJob = defineJob({
  name: 'maintenance.analyze',
  schema: z.object({}).loose(),
  schedule: { cron: '7 * * * *' },
  async handle(_data, ctx) {
    if (await autovacuumRuns(ctx.database)) return;
    await ctx.database.db.execute(sql`ANALYZE`);
  },
});

export const vacuumJob = defineJob({
  name: 'maintenance.vacuum',
  schema: z.object({}).loose(),
  schedule: { cron: '40 2 * * *' },
  async handle(_data, ctx) {
    if (await autovacuumRuns(ctx.database)) return;
    await ctx.database.db.execute(sql`VACUUM (ANALYZE)`);
  },
});
