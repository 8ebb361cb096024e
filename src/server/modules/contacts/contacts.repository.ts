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

/** What one-statement recognition needs: normalised keys, the fields to fill in, the interaction. */
export interface RecognitionInput {
  phone: string | null;
  email: string | null;
  zaloUserId: string | null;
  facebookId: string | null;
  name: string | null;
  address: string | null;
  idNumber: string | null;
  consentAt: Date | null;
  consentVersion: string | null;
  /** Whether to create a contact when none is known (some key or a name was given). */
  create: boolean;
  at: Date;
}

const ts = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The CTEs that recognise a contact inside a larger statement (ticket creation), with the
 * placeholders $first … $first+10 for `recognitionValues`: `found` (the known contact: by
 * phone, then email, then channel ids, the most recently updated, merged-away ones skipped),
 * `upd` (fills in fields it lacks), `ins` (a new one when none is known), `c` (the contact:
 * id and name, zero or one row) and `ph` (the phone added to it).
 */
export function recognitionCtes(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  const [phone, email, zalo, facebook, name, address, idNumber, consentAt, consentVersion, create, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map($);
  return `found AS (
      SELECT id, name FROM (
        (SELECT c.id, c.name, 1 AS prio, c.updated_at FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
          WHERE p.phone = ${phone}::text AND c.merged_into_id IS NULL)
        UNION ALL (SELECT id, name, 2, updated_at FROM contacts WHERE lower(email) = lower(${email}::text) AND merged_into_id IS NULL)
        UNION ALL (SELECT id, name, 3, updated_at FROM contacts WHERE zalo_user_id = ${zalo}::text AND merged_into_id IS NULL)
        UNION ALL (SELECT id, name, 4, updated_at FROM contacts WHERE facebook_id = ${facebook}::text AND merged_into_id IS NULL)
      ) k ORDER BY prio, updated_at DESC LIMIT 1
    ), upd AS (
      UPDATE contacts ct SET
        name = coalesce(ct.name, ${name}::text), email = coalesce(ct.email, ${email}::text),
        address = coalesce(ct.address, ${address}::text), id_number = coalesce(ct.id_number, ${idNumber}::text),
        zalo_user_id = coalesce(ct.zalo_user_id, ${zalo}::text), facebook_id = coalesce(ct.facebook_id, ${facebook}::text),
        consent_at = coalesce(${consentAt}::timestamptz, ct.consent_at), consent_version = coalesce(${consentVersion}::text, ct.consent_version),
        version = ct.version + 1, updated_at = now()
      FROM found
      WHERE ct.id = found.id AND (
        (ct.name IS NULL AND ${name}::text IS NOT NULL) OR (ct.email IS NULL AND ${email}::text IS NOT NULL)
        OR (ct.address IS NULL AND ${address}::text IS NOT NULL) OR (ct.id_number IS NULL AND ${idNumber}::text IS NOT NULL)
        OR (ct.zalo_user_id IS NULL AND ${zalo}::text IS NOT NULL) OR (ct.facebook_id IS NULL AND ${facebook}::text IS NOT NULL)
        OR ${consentVersion}::text IS NOT NULL)
      RETURNING ct.id, ct.name
    ), ins AS (
      INSERT INTO contacts (name, email, address, id_number, zalo_user_id, facebook_id, consent_at, consent_version, created_at, updated_at)
      SELECT ${name}::text, ${email}::text, ${address}::text, ${idNumber}::text, ${zalo}::text, ${facebook}::text,
        ${consentAt}::timestamptz, ${consentVersion}::text, ${at}::timestamptz, ${at}::timestamptz
      WHERE ${create}::boolean AND NOT EXISTS (SELECT 1 FROM found)
      RETURNING id, name
    ), c AS (
      SELECT id, name FROM upd
      UNION ALL SELECT id, name FROM found WHERE NOT EXISTS (SELECT 1 FROM upd)
      UNION ALL SELECT id, name FROM ins
    ), ph AS (
      INSERT INTO contact_phones (contact_id, phone) SELECT id, ${phone}::text FROM c WHERE ${phone}::text IS NOT NULL ON CONFLICT DO NOTHING
    )`;
}

/** The values of `recognitionCtes`' placeholders; no contact at all recognises and creates none. */
export function recognitionValues(c: RecognitionInput | undefined): unknown[] {
  if (!c) return [null, null, null, null, null, null, null, null, null, false, null];
  return [c.phone, c.email, c.zaloUserId, c.facebookId, c.name, c.address, c.idNumber, ts(c.consentAt), c.consentVersion, c.create, ts(c.at)];
}

/**
 * The CTE `ia` that stores an inbound interaction of contact `c` for the ticket whose id is
 * the placeholder `ticketId`, with the placeholders $first … $first+12 for
 * `interactionRowValues`. The same (channel, provider message id) again is the interaction
 * already there, linked to this ticket if it was not linked yet.
 */
export function interactionCte(first: number, ticketId: string): string {
  const $ = (i: number) => `$${first + i}`;
  return `ia AS (
      INSERT INTO interactions (channel, direction, contact_id, content, provider_message_id, operator_id, occurred_at, caller_number,
        call_started_at, call_answered_at, call_ended_at, call_duration_seconds, call_disposition, recording_ref, ticket_id)
      SELECT ${$(0)}::text, ${$(1)}::text, (SELECT id FROM c), ${$(2)}::text, ${$(3)}::text, ${$(4)}::uuid, ${$(5)}::timestamptz, ${$(6)}::text,
        ${$(7)}::timestamptz, ${$(8)}::timestamptz, ${$(9)}::timestamptz, ${$(10)}::int, ${$(11)}::text, ${$(12)}::text, ${ticketId}::uuid
      ON CONFLICT (channel, provider_message_id) WHERE provider_message_id IS NOT NULL
        DO UPDATE SET ticket_id = coalesce(interactions.ticket_id, EXCLUDED.ticket_id)
      RETURNING id
    )`;
}

/** The values of `interactionCte`'s placeholders. */
export function interactionRowValues(i: typeof interactions.$inferInsert): unknown[] {
  return [
    i.channel,
    i.direction,
    i.content ?? null,
    i.providerMessageId ?? null,
    i.operatorId ?? null,
    ts(i.occurredAt),
    i.callerNumber ?? null,
    ts(i.callStartedAt),
    ts(i.callAnsweredAt),
    ts(i.callEndedAt),
    i.callDurationSeconds ?? null,
    i.callDisposition ?? null,
    i.recordingRef ?? null,
  ];
}

