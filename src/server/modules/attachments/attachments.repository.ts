/** SQL for attachments. Reads are always by ticket: the caller has already proven it may see it. */
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { attachments, ticketEvents, tickets } from '../../db/schema/index.ts';

export type AttachmentRow = typeof attachments.$inferSelect;
export type AttachmentInsert = typeof attachments.$inferInsert;

export async function insertAttachments(t: Executor, values: AttachmentInsert[]): Promise<AttachmentRow[]> {
  return t.insert(attachments).values(values).returning();
}

export async function listForTicket(db: Executor, ticketId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.ticketId, ticketId)).orderBy(asc(attachments.createdAt), asc(attachments.id));
}

export async function findForTicket(db: Executor, ticketId: string, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await db.select().from(attachments).where(and(eq(attachments.ticketId, ticketId), eq(attachments.id, id)));
  return row;
}

/**
 * The ticket a citizen names, with the phone that proves ownership. Citizens have no scope, so
 * this is by code alone; the service compares the phone before anything else happens.
 */
export async function findTicketForCitizen(db: Executor, code: string): Promise<{ id: string; status: string; contactPhone: string | null } | undefined> {
  const [row] = await db.select({ id: tickets.id, status: tickets.status, contactPhone: tickets.contactPhone }).from(tickets).where(eq(tickets.code, code));
  return row;
}

/** The history entry of an upload (the tickets module offers no way to append an event outside a transition). */
export async function insertTicketEvent(t: Executor, values: typeof ticketEvents.$inferInsert): Promise<void> {
  await t.insert(ticketEvents).values(values);
}
