/**
 * The outbox: messages to send (email now; SMS, Zalo and the rest with the channels issue) are
 * written in the same transaction as the change that causes them, so a committed change never
 * loses its message and a rolled-back one never sends. A worker drains it with retries once a
 * transport exists; until then messages wait as `pending` and are visible to administrators.
 */
import type { Executor } from '../../db/database.ts';
import * as repo from './outbox.repository.ts';

export type OutboxChannel = 'email' | 'sms' | 'zalo' | 'facebook' | 'app';

export interface OutboxMessage {
  channel: OutboxChannel;
  recipient: string;
  subject?: string | null;
  body: string;
  /** What caused it, e.g. 'deadline.reminder', 'agency_link'. */
  kind: string;
  ticketId?: string | null;
  /** The same cause with the same key queues one message (retries, two workers). */
  dedupeKey?: string | null;
}

/** Queues a message inside the caller's transaction. Returns false when the dedupe key was already queued. */
export async function enqueueOutbox(t: Executor, message: OutboxMessage, now: Date): Promise<boolean> {
  return repo.insertMessage(t, {
    channel: message.channel,
    recipient: message.recipient,
    subject: message.subject ?? null,
    body: message.body,
    kind: message.kind,
    ticketId: message.ticketId ?? null,
    dedupeKey: message.dedupeKey ?? null,
    nextAttemptAt: now,
    createdAt: now,
  });
}
