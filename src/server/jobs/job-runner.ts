/**
 * pg-boss on either engine. Every process can enqueue; only processes with the `worker`
 * service work queues and run schedules, so web and workers can be scaled separately.
 */
import { PgBoss, fromPglite } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { JobDefinition } from './job-definition.ts';

export const JOB_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface Jobs {
  send(name: string, data?: object): Promise<string | null>;
  /** Jobs waiting or running, per queue, for /metrics. */
  queueDepths(): Promise<Array<{ queue: string; queued: number; active: number }>>;
  stop(): Promise<void>;
}

export async function startJobs(options: {
  database: Database;
  config: Config;
  definitions: ReadonlyArray<JobDefinition<never>>;
  work: boolean;
  log: Logger;
  clock: Clock;
}): Promise<Jobs> {
  const { database, config, definitions, work, log, clock } = options;
  const common = { schedule: work, supervise: work, migrate: true };
  const boss =
    database.engine === 'pglite'
      ? new PgBoss({ ...common, db: fromPglite(database.pglite!), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: database.url!, max: 4, application_name: 'tongdai-1022-jobs' });
  boss.on('error', (err: Error) => log.error({ err }, 'job system error'));
  await boss.start();

  for (const def of definitions) {
    await boss.createQueue(def.name, { retryLimit: def.retryLimit ?? 5, retryBackoff: true, retryDelay: 5 });
  }
  if (work) {
    for (const def of definitions) {
      await boss.work(def.name, async (jobs) => {
        for (const job of jobs) {
          const parsed = def.schema.safeParse(job.data ?? {});
          if (!parsed.success) {
            // A payload the handler cannot read will never succeed: log it and drop it.
            log.error({ job: def.name, id: job.id, issues: parsed.error.issues }, 'job payload invalid; dropped');
            continue;
          }
          await def.handle(parsed.data, { database, config, log: log.child({ job: def.name, jobId: job.id }), clock });
        }
      });
      if (def.schedule) await boss.schedule(def.name, def.schedule.cron, {}, { tz: JOB_TIME_ZONE });
    }
  }

  return {
    send: (name, data) => boss.send(name, data ?? {}),
    async queueDepths() {
      return Promise.all(
        definitions.map(async (def) => {
          const q = await boss.getQueue(def.name);
          return { queue: def.name, queued: q?.queuedCount ?? 0, active: q?.activeCount ?? 0 };
        }),
      );
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000, close: true }),
  };
}
