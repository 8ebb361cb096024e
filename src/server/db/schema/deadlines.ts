/**
 * Deadline policies as versioned data: each version names the decision that set it and the
 * local dates it is in force; a ticket keeps the version it was created under.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/** Limits of one stage set, for every ticket or for a type and/or domain. */
export interface DeadlineLimits {
  triageHours: number;
  acceptanceHours: number;
  answerDays: number;
  reviewHours: number;
}

/** A per type/domain override: the stages it names replace the version's defaults. */
export interface DeadlineOverride extends Partial<DeadlineLimits> {
  type?: string | undefined;
  domainCode?: string | undefined;
}

export const deadlinePolicies = pgTable(
  'deadline_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** e.g. "Quyết định số 12/2026/QĐ-UBND ngày 15/2/2026". */
    decision: text('decision').notNull(),
    /** Local dates, inclusive; an open end means "until a later version". */
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    triageHours: doublePrecision('triage_hours').notNull(),
    acceptanceHours: doublePrecision('acceptance_hours').notNull(),
    answerDays: integer('answer_days').notNull(),
    reviewHours: doublePrecision('review_hours').notNull(),
    /** Null: the REOPEN_WINDOW_DAYS / AUTO_CLOSE_DAYS configuration applies. */
    reopenWindowDays: integer('reopen_window_days'),
    autoCloseDays: integer('auto_close_days'),
    overrides: jsonb('overrides').$type<DeadlineOverride[]>().notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('deadline_policies_range', sql`${t.effectiveTo} IS NULL OR ${t.effectiveTo} >= ${t.effectiveFrom}`),
    check('deadline_policies_limits', sql`${t.triageHours} > 0 AND ${t.acceptanceHours} > 0 AND ${t.answerDays} > 0 AND ${t.reviewHours} > 0`),
  ],
);

/**
 * A counter per group of settings, raised by a statement trigger on every change to its tables
 * (row 'deadlines': calendar_days and deadline_policies, whoever writes them): a process that
 * caches those settings compares one number instead of reading the tables again.
 */
export const settingsVersions = pgTable('settings_versions', {
  name: text('name').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
