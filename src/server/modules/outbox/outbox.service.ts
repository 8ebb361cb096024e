/**
 * The outbox: messages to send (email now; SMS, Zalo and the rest with the channels issue) are
 * written in the same transaction as the change that causes them, so a committed change never
 * loses its message and a rolled-back one never sends. A worker drains it with retries once a
 * transport exists; until then messages wait as `pending` and are visible to administrators.
 */
import { maskEmail, maskPhone } from '../../../common/masking.ts';
import type { Database, Executor } from '../../db/database.ts';
import { invalidCursor } from '../../lib/app-error.ts';
import type { Actor } from '../auth/actor.ts';
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

export interface OutboxItem {
  id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  kind: string;
  ticketCode: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** An answer link in a message is a credential: the view never shows it, whoever reads. */
const hideLinks = (text: string) => text.replace(/(\/tra-loi\/)[A-Za-z0-9_.-]+/g, '$1…');
const maskRecipient = (r: string) => (r.includes('@') ? maskEmail(r) : /^[+\d\s]+$/.test(r) ? maskPhone(r) : `${r.slice(0, 2)}***`);

const encodeCursor = (row: { createdAt: Date; id: string }) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || Number.isNaN(createdAt.getTime())) throw invalidCursor();
  return { createdAt, id };
}

/**
 * The queued messages, newest first, for administrators and supervisors. Recipients are personal
 * data: supervisors see them masked. Answer links are hidden from everyone.
 */
export async function listOutbox(
  database: Database,
  actor: Actor,
  query: { status?: string | undefined; ticketCode?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<{ items: OutboxItem[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const rows = await repo.listMessages(database.db, { status: query.status, ticketCode: query.ticketCode, limit: limit + 1, after: query.cursor ? decodeCursor(query.cursor) : undefined });
  const page = rows.slice(0, limit);
  const seesRecipients = actor.roles.includes('admin');
  return {
    items: page.map((r) => ({
      id: r.id,
      channel: r.channel,
      recipient: seesRecipients ? r.recipient : maskRecipient(r.recipient),
      subject: r.subject,
      body: hideLinks(r.body),
      kind: r.kind,
      ticketCode: r.ticketCode,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
  };
}
