/** SQL for the outbox. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { outboxMessages, tickets } from '../../db/schema/index.ts';

export async function insertMessage(t: Executor, values: typeof outboxMessages.$inferInsert): Promise<boolean> {
  const rows = await t.insert(outboxMessages).values(values).onConflictDoNothing({ target: outboxMessages.dedupeKey }).returning({ id: outboxMessages.id });
  return rows.length > 0;
}

export interface OutboxListRow {
  id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  kind: string;
  ticketCode: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Messages, newest first, optionally of one status and one ticket, after the keyset position. */
export async function listMessages(
  db: Executor,
  filter: { status?: string | undefined; ticketCode?: string | undefined; limit: number; after?: { createdAt: Date; id: string } | undefined },
): Promise<OutboxListRow[]> {
  return db
    .select({
      id: outboxMessages.id,
      channel: outboxMessages.channel,
      recipient: outboxMessages.recipient,
      subject: outboxMessages.subject,
      body: outboxMessages.body,
      kind: outboxMessages.kind,
      ticketCode: tickets.code,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      nextAttemptAt: outboxMessages.nextAttemptAt,
      lastError: outboxMessages.lastError,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .leftJoin(tickets, eq(tickets.id, outboxMessages.ticketId))
    .where(
      and(
        filter.status ? eq(outboxMessages.status, filter.status) : undefined,
        filter.ticketCode ? eq(tickets.code, filter.ticketCode) : undefined,
        filter.after ? sql`(${outboxMessages.createdAt}, ${outboxMessages.id}) < (${filter.after.createdAt.toISOString()}::timestamptz, ${filter.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(filter.limit);
}
