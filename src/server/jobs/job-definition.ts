import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';

/** What a job handler may use. */
export interface JobContext {
  database: Database;
  config: Config;
  log: Logger;
  clock: Clock;
}

/**
 * A job is data: a name, a payload schema and an idempotent handler (it may run twice after
 * a crash, so it checks before it writes). Optional cron schedule in Asia/Ho_Chi_Minh.
 */
export interface JobDefinition<T = unknown> {
  name: string;
  schema: z.ZodType<T>;
  handle(data: T, ctx: JobContext): Promise<void>;
  schedule?: { cron: string };
  retryLimit?: number;
}

export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}
