/** SQL for contacts and interactions. */
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
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
 * In one statement: the known contact (by phone, then email, then channel ids, the most
 * recently updated; merged-away ones skipped), filled in where it lacks a field, or a new one;
 * the phone added to it; and the interaction stored (nothing when its provider message id is
 * already there). `alsoEvaluate` is evaluated in the same statement (ticket creation takes its
 * audit chain lock here instead of in a round trip of its own).
 */
export async function recognizeAndRecord(
  t: Executor,
  c: RecognitionInput | undefined,
  i: typeof interactions.$inferInsert,
  alsoEvaluate?: SQL,
): Promise<{ contactId: string | null; contactName: string | null; interactionId: string | null }> {
  const contactCtes = c
    ? sql`found AS (
        SELECT id, name FROM (
          (SELECT c.id, c.name, 1 AS prio, c.updated_at FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
            WHERE p.phone = ${c.phone}::text AND c.merged_into_id IS NULL)
          UNION ALL (SELECT id, name, 2, updated_at FROM contacts WHERE lower(email) = lower(${c.email}::text) AND merged_into_id IS NULL)
          UNION ALL (SELECT id, name, 3, updated_at FROM contacts WHERE zalo_user_id = ${c.zaloUserId}::text AND merged_into_id IS NULL)
          UNION ALL (SELECT id, name, 4, updated_at FROM contacts WHERE facebook_id = ${c.facebookId}::text AND merged_into_id IS NULL)
        ) k ORDER BY prio, updated_at DESC LIMIT 1
      ), upd AS (
        UPDATE contacts ct SET
          name = coalesce(ct.name, ${c.name}::text), email = coalesce(ct.email, ${c.email}::text),
          address = coalesce(ct.address, ${c.address}::text), id_number = coalesce(ct.id_number, ${c.idNumber}::text),
          zalo_user_id = coalesce(ct.zalo_user_id, ${c.zaloUserId}::text), facebook_id = coalesce(ct.facebook_id, ${c.facebookId}::text),
          consent_at = coalesce(${ts(c.consentAt)}::timestamptz, ct.consent_at), consent_version = coalesce(${c.consentVersion}::text, ct.consent_version),
          version = ct.version + 1, updated_at = now()
        FROM found
        WHERE ct.id = found.id AND (
          (ct.name IS NULL AND ${c.name}::text IS NOT NULL) OR (ct.email IS NULL AND ${c.email}::text IS NOT NULL)
          OR (ct.address IS NULL AND ${c.address}::text IS NOT NULL) OR (ct.id_number IS NULL AND ${c.idNumber}::text IS NOT NULL)
          OR (ct.zalo_user_id IS NULL AND ${c.zaloUserId}::text IS NOT NULL) OR (ct.facebook_id IS NULL AND ${c.facebookId}::text IS NOT NULL)
          OR ${c.consentVersion}::text IS NOT NULL)
        RETURNING ct.id, ct.name
      ), ins AS (
        INSERT INTO contacts (name, email, address, id_number, zalo_user_id, facebook_id, consent_at, consent_version, created_at, updated_at)
        SELECT ${c.name}::text, ${c.email}::text, ${c.address}::text, ${c.idNumber}::text, ${c.zaloUserId}::text, ${c.facebookId}::text,
          ${ts(c.consentAt)}::timestamptz, ${c.consentVersion}::text, ${ts(c.at)}::timestamptz, ${ts(c.at)}::timestamptz
        WHERE ${c.create}::boolean AND NOT EXISTS (SELECT 1 FROM found)
        RETURNING id, name
      ), c AS (
        SELECT id, name FROM upd
        UNION ALL SELECT id, name FROM found WHERE NOT EXISTS (SELECT 1 FROM upd)
        UNION ALL SELECT id, name FROM ins
      ), ph AS (
        INSERT INTO contact_phones (contact_id, phone) SELECT id, ${c.phone}::text FROM c WHERE ${c.phone}::text IS NOT NULL ON CONFLICT DO NOTHING
      )`
    : sql`c AS (SELECT NULL::uuid AS id, NULL::text AS name WHERE false)`;
  const rows = await t.execute(sql`
    WITH ${contactCtes}, ia AS (
      INSERT INTO interactions (channel, direction, contact_id, content, provider_message_id, operator_id, occurred_at, caller_number,
        call_started_at, call_answered_at, call_ended_at, call_duration_seconds, call_disposition, recording_ref)
      SELECT ${i.channel}::text, ${i.direction}::text, (SELECT id FROM c), ${i.content ?? null}::text, ${i.providerMessageId ?? null}::text,
        ${i.operatorId ?? null}::uuid, ${ts(i.occurredAt)}::timestamptz, ${i.callerNumber ?? null}::text, ${ts(i.callStartedAt)}::timestamptz,
        ${ts(i.callAnsweredAt)}::timestamptz, ${ts(i.callEndedAt)}::timestamptz, ${i.callDurationSeconds ?? null}::int, ${i.callDisposition ?? null}::text,
        ${i.recordingRef ?? null}::text
      ON CONFLICT DO NOTHING
      RETURNING id
    )
    SELECT (SELECT id FROM c) AS contact_id, (SELECT name FROM c) AS contact_name, (SELECT id FROM ia) AS interaction_id${alsoEvaluate ? sql`, (${alsoEvaluate})::text AS also` : sql``}`);
  const row = (rows as unknown as { rows: Array<{ contact_id: string | null; contact_name: string | null; interaction_id: string | null }> }).rows[0]!;
  return { contactId: row.contact_id, contactName: row.contact_name, interactionId: row.interaction_id };
}

/** The interaction a provider message id already made. */
export async function findInteractionByProviderId(t: Executor, channel: string, providerMessageId: string): Promise<string | undefined> {
  const [row] = await t
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.channel, channel), eq(interactions.providerMessageId, providerMessageId)));
  return row?.id;
}
