import { sql, type SQL } from 'drizzle-orm';
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

const standInForAutovacuum = (name: string, cron: string, statement: SQL) =>
  defineJob({
    name,
    schema: z.object({}).loose(),
    schedule: { cron },
    async handle(_data, ctx) {
      if (await autovacuumRuns(ctx.database)) return;
      await ctx.database.db.execute(statement);
    },
  });

export const analyzeJob = standInForAutovacuum('maintenance.analyze', '7 * * * *', sql`ANALYZE`);
export const vacuumJob = standInForAutovacuum('maintenance.vacuum', '40 2 * * *', sql`VACUUM (ANALYZE)`);
