import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { describeEachEngine, testLogger } from '../../test/harness.ts';
import { analyzeJob, autovacuumRuns, vacuumJob } from './table-statistics.job.ts';

describeEachEngine('table statistics where autovacuum does not run', (ctx) => {
  const jobCtx = () => ({ database: ctx.database, config: ctx.config, log: testLogger, clock: ctx.clock });
  const plan = async () =>
    (await queryRows<Record<string, string>>(ctx.database.db, sql`EXPLAIN SELECT c.id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE p.phone = '+84910000042'`))
      .map((r) => Object.values(r)[0])
      .join('\n');

  it('keeps the planner informed where autovacuum does not run, so a contact is found by its phone through the index', async () => {
    await ctx.database.db.execute(sql`
      WITH c AS (
        INSERT INTO contacts (name, created_at, updated_at) SELECT 'Người thử ' || i, now(), now() FROM generate_series(1, 3000) i RETURNING id
      ) INSERT INTO contact_phones (contact_id, phone) SELECT id, '+8491' || lpad((row_number() OVER ())::text, 7, '0') FROM c`);
    await analyzeJob.handle({}, jobCtx());
    await vacuumJob.handle({}, jobCtx());
    const [contacts] = await queryRows<{ reltuples: number }>(ctx.database.db, sql`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'contacts'`);
    if (!(await autovacuumRuns(ctx.database))) {
      // Only the job could have counted them.
      expect(contacts!.reltuples).toBeGreaterThanOrEqual(3000);
    }
    expect(await plan()).toContain('contact_phones_phone_idx');
  });
});
