/**
 * Deadline alerts, in-app notifications and the outbox of messages to send.
 * Alerts are the idempotency record of reminders and escalations: one row per (ticket, stage run,
 * kind, day), inserted with ON CONFLICT DO NOTHING, so each alert fires once even with two
 * workers or after a restart.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgUnits } from './reference.ts';
import { tickets } from './tickets.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const deadlineAlerts = pgTable(
  'deadline_alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    /** triage, acceptance, answer, review. */
    stage: text('stage').notNull(),
    /** When this run of the stage started: a re-forwarded ticket's new agency clock alerts anew. */
    stageStartedAt: ts('stage_started_at').notNull(),
    /** reminder (75 %), due (at the deadline), overdue (daily after it). */
    kind: text('kind').notNull(),
    /** The local date of an overdue alert ('' for reminder and due), one per day. */
    day: text('day').notNull().default(''),
    agencyId: uuid('agency_id').references(() => orgUnits.id),
    dueAt: ts('due_at').notNull(),
    firedAt: ts('fired_at').notNull(),
  },
  (t) => [
    uniqueIndex('deadline_alerts_once_idx').on(t.ticketId, t.stage, t.stageStartedAt, t.kind, t.day),
    index('deadline_alerts_fired_idx').on(t.firedAt),
  ],
);

/** A user's in-app notifications (the bell with the unread count). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** deadline.reminder, deadline.due, deadline.overdue, ticket.forwarded, … */
    kind: text('kind').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonb('data'),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id.desc()),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} IS NULL`),
  ],
);

/**
 * Messages to send (email, SMS, Zalo, …), written in the transaction of the change that causes
 * them and drained by a worker with retries (at-least-once). The channels issue brings the real
 * transports; until then messages wait here.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    /** What caused it: deadline.reminder, agency_link, ticket.received, … */
    kind: text('kind').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    /** Makes enqueueing idempotent: the same cause queues one message. */
    dedupeKey: text('dedupe_key').unique(),
    /** pending, sent, failed (gave up after the retries). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_ticket_idx').on(t.ticketId),
  ],
);

/**
 * Signed, expiring single-ticket links that let an agency without accounts answer one ticket.
 * Only a hash of the link's secret is stored; a used or superseded link is refused.
 */
export const agencyAnswerLinks = pgTable(
  'agency_answer_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    agencyId: uuid('agency_id').notNull().references(() => orgUnits.id),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('agency_answer_links_ticket_idx').on(t.ticketId)],
);
