/** SQL for contacts and interactions. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { contactPhones, contacts, interactions, tickets } from '../../db/schema/index.ts';

export type ContactRow = typeof contacts.$inferSelect;

/** The contact a phone, email or channel id belongs to (the most recently updated, not merged away). */
export async function findContactBy(db: Executor, key: { phone?: string; email?: string; zaloUserId?: string; facebookId?: string }): Promise<ContactRow | undefined> {
  const live = isNull(contacts.mergedIntoId);
  let where;
  if (key.phone) where = sql`${contacts.id} IN (SELECT contact_id FROM contact_phones WHERE phone = ${key.phone})`;
  else if (key.email) where = sql`lower(${contacts.email}) = lower(${key.email})`;
  else if (key.zaloUserId) where = eq(contacts.zaloUserId, key.zaloUserId);
  else if (key.facebookId) where = eq(contacts.facebookId, key.facebookId);
  else return undefined;
  const [row] = await db.select().from(contacts).where(and(where, live)).orderBy(desc(contacts.updatedAt)).limit(1);
  return row;
}

export async function insertContact(t: Executor, values: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [row] = await t.insert(contacts).values(values).returning();
  return row!;
}

export async function updateContact(t: Executor, id: string, patch: Partial<typeof contacts.$inferInsert>): Promise<void> {
  await t.update(contacts).set({ ...patch, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` }).where(eq(contacts.id, id));
}

export async function addPhone(t: Executor, contactId: string, phone: string): Promise<void> {
  await t.insert(contactPhones).values({ contactId, phone }).onConflictDoNothing();
}

export async function phonesOf(db: Executor, contactId: string): Promise<string[]> {
  const rows = await db.select({ phone: contactPhones.phone }).from(contactPhones).where(eq(contactPhones.contactId, contactId)).orderBy(contactPhones.createdAt);
  return rows.map((r) => r.phone);
}

export async function findContact(db: Executor, id: string): Promise<ContactRow | undefined> {
  const [row] = await db.select().from(contacts).where(eq(contacts.id, id));
  return row;
}

export async function insertInteraction(t: Executor, values: typeof interactions.$inferInsert): Promise<{ id: string; inserted: boolean }> {
  const [row] = await t.insert(interactions).values(values).onConflictDoNothing().returning({ id: interactions.id });
  if (row) return { id: row.id, inserted: true };
  // The same provider message again: the interaction that already exists.
  const [existing] = await t
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.channel, values.channel), eq(interactions.providerMessageId, values.providerMessageId!)));
  return { id: existing!.id, inserted: false };
}

export async function linkInteraction(t: Executor, interactionId: string, ticketId: string): Promise<void> {
  await t.update(interactions).set({ ticketId }).where(and(eq(interactions.id, interactionId), isNull(interactions.ticketId)));
}

export async function interactionsOf(db: Executor, contactId: string, limit: number) {
  return db.select().from(interactions).where(eq(interactions.contactId, contactId)).orderBy(desc(interactions.occurredAt)).limit(limit);
}

export async function ticketsOf(db: Executor, contactId: string, limit: number) {
  return db
    .select({ code: tickets.code, title: tickets.title, status: tickets.status, type: tickets.type, createdAt: tickets.createdAt })
    .from(tickets)
    .where(eq(tickets.contactId, contactId))
    .orderBy(desc(tickets.createdAt))
    .limit(limit);
}

/** Moves everything of `sourceId` to `targetId` and marks the source merged. */
export async function mergeInto(t: Executor, sourceId: string, targetId: string): Promise<void> {
  await t.execute(sql`INSERT INTO contact_phones (contact_id, phone) SELECT ${targetId}, phone FROM contact_phones WHERE contact_id = ${sourceId} ON CONFLICT DO NOTHING`);
  await t.update(interactions).set({ contactId: targetId }).where(eq(interactions.contactId, sourceId));
  await t.update(tickets).set({ contactId: targetId }).where(eq(tickets.contactId, sourceId));
  await t.update(contacts).set({ mergedIntoId: targetId, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` }).where(eq(contacts.id, sourceId));
}
