import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { describeEachEngine, testLogger } from '../../test/harness.ts';
import { startJobs } from './job-runner.ts';
import { jobDefinitions } from './registry.ts';

describeEachEngine('background jobs', (ctx) => {
  it('schedules the heartbeat and runs it on a worker', async () => {
    const jobs = await startJobs({ database: ctx.database, config: ctx.config, definitions: jobDefinitions, work: true, log: testLogger, clock: ctx.clock });
    try {
      const schedules = await queryRows<{ name: string }>(ctx.database.db, sql`SELECT name FROM pgboss.schedule`);
      expect(schedules.map((s) => s.name)).toContain('system.heartbeat');

      await jobs.send('system.heartbeat');
      const deadline = Date.now() + 20_000;
      let runs = 0;
      while (Date.now() < deadline && runs === 0) {
        const [row] = await queryRows<{ runs: number }>(ctx.database.db, sql`SELECT runs FROM job_heartbeats WHERE name = 'system.heartbeat'`);
        runs = Number(row?.runs ?? 0);
        if (runs === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(runs).toBeGreaterThanOrEqual(1);
      const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json().lastHeartbeatAt).toBe(ctx.clock.now().toISOString());
      const depths = await jobs.queueDepths();
      expect(depths.find((d) => d.queue === 'system.heartbeat')).toBeDefined();
    } finally {
      await jobs.stop();
    }
  });

  it('lets a web-only process enqueue without working the queue', async () => {
    const jobs = await startJobs({ database: ctx.database, config: ctx.config, definitions: jobDefinitions, work: false, log: testLogger, clock: ctx.clock });
    try {
      const id = await jobs.send('system.heartbeat');
      expect(id).toBeTruthy();
    } finally {
      await jobs.stop();
    }
  });
});
