/** Bookkeeping of the running system itself. */
import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Last run of each scheduled job: proof that the workers are alive. */
export const jobHeartbeats = pgTable('job_heartbeats', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
  runs: bigint('runs', { mode: 'number' }).notNull().default(0),
});

/** Small facts about the installation, e.g. the fingerprint of the reference data last loaded. */
export const systemState = pgTable('system_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
