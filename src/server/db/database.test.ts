import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness.ts';
import { createTestDatabase, testEngines } from '../../test/test-env.ts';
import { queryRows, type FixedStatement } from './database.ts';

describeEachEngine('fixed statements', (ctx) => {
  it('in groups: no more runs at once than the limit, the calls that waited counted as waiting, and all complete in order', async () => {
    // Each run reports how many runs of this statement the database is executing at that moment.
    const statement: FixedStatement = {
      name: 'test_limited_1',
      text: `SELECT (SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%limited-probe%' AND pid <> pg_backend_pid())::int + 1 AS active,
        pg_sleep(0.05)::text AS slept, $1::int AS i /* limited-probe */`,
      group: { concurrency: 2, maxGroup: 64, first: () => 'SELECT 1' },
    };
    const runs = Array.from({ length: 8 }, (_, i) => ctx.database.run<{ active: number; i: number }>(statement, [i]));
    if (ctx.engine === 'postgres') expect(ctx.database.poolStats().waiting).toBe(6);
    const rows = (await Promise.all(runs)).map((r) => r[0]!);
    expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...rows.map((r) => r.active))).toBeLessThanOrEqual(2);
    expect(ctx.database.poolStats().waiting).toBe(0);
  });
});

describe.runIf(testEngines().includes('postgres'))('connections to PostgreSQL', () => {
  it('run without JIT compilation (it cost more than the searches it compiled)', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const rows = await queryRows<{ jit: string }>(database.db, sql`SHOW jit`);
      expect(rows[0]!.jit).toBe('off');
    } finally {
      await database.destroy();
    }
  });
});
