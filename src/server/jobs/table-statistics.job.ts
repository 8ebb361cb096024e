import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from './job-definition.ts';

/**
 * PostgreSQL's autovacuum keeps the planner's statistics current and reclaims dead rows. PGlite
 * runs PostgreSQL in single-user mode, where autovacuum never runs: without statistics the
 * planner takes every table for a tiny one (looking a contact up by phone became a scan of
 * every contact). On PGlite these jobs stand in for it: ANALYZE every hour, VACUUM every night.
 * On PostgreSQL they do nothing; autovacuum does the work.
 */
export const analyzeJob = defineJob({
  name: 'maintenance.analyze',
  schema: z.object({}).loose(),
  schedule: { cron: '7 * * * *' },
  async handle(_data, ctx) {
    if (ctx.database.engine !== 'pglite') return;
    await ctx.database.db.execute(sql`ANALYZE`);
  },
});

export const vacuumJob = defineJob({
  name: 'maintenance.vacuum',
  schema: z.object({}).loose(),
  schedule: { cron: '40 2 * * *' },
  async handle(_data, ctx) {
    if (ctx.database.engine !== 'pglite') return;
    await ctx.database.db.execute(sql`VACUUM (ANALYZE)`);
  },
});
