/**
 * The audit trail: append-only, one row per change or read of personal data, each linked to
 * the previous row of its chain by a hash so that editing, deleting or reordering rows shows.
 * Several chains let unrelated transactions append in parallel; one entity always stays in
 * one chain.
 */
import { bigint, index, jsonb, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    chain: smallint('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    changes: jsonb('changes'),
    requestId: text('request_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('audit_log_chain_seq').on(t.chain, t.seq),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_at_idx').on(t.at),
  ],
);

/**
 * Each chain's tail. An append updates its chain's row (a row lock, waited for and then read
 * at its newest version by the same statement) and inserts the audit row after it, so one
 * statement appends without a separate lock; verification also checks that the log still ends
 * where the head says, which shows rows deleted from the end.
 */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: smallint('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  prevHash: text('prev_hash').notNull(),
});
