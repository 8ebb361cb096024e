/**
 * Contacts (the citizens and organizations behind interactions) and interactions. A returning
 * contact is recognised by phone, email or channel id; two contacts found to be one person can
 * be merged. Personal data leaves this module masked unless revealed, and a reveal is audited.
 */
import { maskEmail, maskIdNumber, maskName, maskPhone } from '../../../common/masking.ts';
import { normalizePhone } from '../../../common/phone.ts';
import type { Channel } from '../../../common/tickets.ts';
import { tx, type Database, type Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import * as repo from './contacts.repository.ts';

export interface ContactInput {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  idNumber?: string | undefined;
  zaloUserId?: string | undefined;
  facebookId?: string | undefined;
  /** Consent to the processing of personal data, with the wording's version. */
  consentVersion?: string | undefined;
}

/** A phone number in E.164, or a 422 naming the field. */
export function phoneOrThrow(input: string, path = 'phone'): string {
  const phone = normalizePhone(input);
  if (!phone) throw new AppError('request.validation_failed', { errors: [{ path, message: 'Số điện thoại không hợp lệ.' }] });
  return phone;
}

/**
 * The contact behind `input`, recognised by phone, then email, then channel id; created when
 * new. Fills in what the known contact lacks (never overwrites). In the caller's transaction.
 */
export async function recognizeContact(t: Executor, input: ContactInput, at: Date): Promise<repo.ContactRow | undefined> {
  const phone = input.phone ? phoneOrThrow(input.phone, 'contact.phone') : undefined;
  const email = input.email?.trim().toLowerCase() || undefined;
  const name = input.name?.normalize('NFC').trim() || undefined;
  if (!phone && !email && !input.zaloUserId && !input.facebookId && !name) return undefined;
  const known =
    (phone && (await repo.findContactBy(t, { phone }))) ||
    (email && (await repo.findContactBy(t, { email }))) ||
    (input.zaloUserId && (await repo.findContactBy(t, { zaloUserId: input.zaloUserId }))) ||
    (input.facebookId && (await repo.findContactBy(t, { facebookId: input.facebookId }))) ||
    undefined;
  const consent = input.consentVersion ? { consentAt: at, consentVersion: input.consentVersion } : {};
  if (known) {
    const patch = {
      ...(!known.name && name ? { name } : {}),
      ...(!known.email && email ? { email } : {}),
      ...(!known.address && input.address ? { address: input.address.normalize('NFC').trim() } : {}),
      ...(!known.idNumber && input.idNumber ? { idNumber: input.idNumber } : {}),
      ...(!known.zaloUserId && input.zaloUserId ? { zaloUserId: input.zaloUserId } : {}),
      ...(!known.facebookId && input.facebookId ? { facebookId: input.facebookId } : {}),
      ...consent,
    };
    if (Object.keys(patch).length) await repo.updateContact(t, known.id, patch);
    if (phone) await repo.addPhone(t, known.id, phone);
    return { ...known, ...patch };
  }
  const created = await repo.insertContact(t, {
    name: name ?? null,
    email: email ?? null,
    address: input.address?.normalize('NFC').trim() || null,
    idNumber: input.idNumber ?? null,
    zaloUserId: input.zaloUserId ?? null,
    facebookId: input.facebookId ?? null,
    ...consent,
    createdAt: at,
    updatedAt: at,
  });
  if (phone) await repo.addPhone(t, created.id, phone);
  return created;
}

export interface InteractionInput {
  channel: Channel;
  direction: 'in' | 'out';
  contactId: string | null;
  content?: string | null;
  providerMessageId?: string | null;
  operatorId?: string | null;
  occurredAt: Date;
  call?: {
    callerNumber?: string | undefined;
    startedAt?: string | undefined;
    answeredAt?: string | undefined;
    endedAt?: string | undefined;
    disposition?: string | undefined;
    recordingRef?: string | undefined;
  } | undefined;
}

/** No telephone call lasts longer; a call record that says so has a wrong time in it. */
const MAX_CALL_SECONDS = 24 * 3600;

function interactionValues(input: InteractionInput) {
  const call = input.call;
  const started = call?.startedAt ? new Date(call.startedAt) : null;
  const ended = call?.endedAt ? new Date(call.endedAt) : null;
  // A start and an end more than a day apart (either way) cannot be one call: refused, not
  // stored as a duration no one could have talked (a 500 past 68 years until fuzzing found it).
  if (started && ended && Math.abs(ended.getTime() - started.getTime()) > MAX_CALL_SECONDS * 1000) {
    throw new AppError('request.validation_failed', {
      errors: [{ path: 'interaction.call.endedAt', message: 'Thời điểm bắt đầu và kết thúc cuộc gọi cách nhau quá 24 giờ.' }],
    });
  }
  return {
    channel: input.channel,
    direction: input.direction,
    contactId: input.contactId,
    content: input.content ?? null,
    providerMessageId: input.providerMessageId ?? null,
    operatorId: input.operatorId ?? null,
    occurredAt: input.occurredAt,
    callerNumber: call?.callerNumber ? (normalizePhone(call.callerNumber) ?? call.callerNumber) : null,
    callStartedAt: started,
    callAnsweredAt: call?.answeredAt ? new Date(call.answeredAt) : null,
    callEndedAt: ended,
    callDurationSeconds: started && ended ? Math.max(0, Math.round((ended.getTime() - started.getTime()) / 1000)) : null,
    callDisposition: call?.disposition ?? null,
    recordingRef: call?.recordingRef ?? null,
  };
}

/** Stores an interaction; the same (channel, provider message id) twice is one interaction. */
export async function recordInteraction(t: Executor, input: InteractionInput): Promise<{ id: string; inserted: boolean }> {
  return repo.insertInteraction(t, interactionValues(input));
}

/**
 * The placeholders' values of `recognitionCtes` (contacts.repository.ts) for what ticket intake
 * recognises a contact by, cleaned: phone in E.164, email lower-cased, text NFC.
 */
export function recognitionRowValues(contact: ContactInput | undefined, at: Date): unknown[] {
  return repo.recognitionValues(recognitionOf(contact, at));
}

function recognitionOf(contact: ContactInput | undefined, at: Date): repo.RecognitionInput | undefined {
  if (!contact) return undefined;
  const phone = contact.phone ? phoneOrThrow(contact.phone, 'contact.phone') : null;
  const email = contact.email?.trim().toLowerCase() || null;
  const name = contact.name?.normalize('NFC').trim() || null;
  return {
    phone,
    email,
    name,
    zaloUserId: contact.zaloUserId || null,
    facebookId: contact.facebookId || null,
    address: contact.address?.normalize('NFC').trim() || null,
    idNumber: contact.idNumber || null,
    consentAt: contact.consentVersion ? at : null,
    consentVersion: contact.consentVersion || null,
    create: !!(phone || email || contact.zaloUserId || contact.facebookId || name),
    at,
  };
}

/** The placeholders' values of an inbound interaction for `interactionCte` (contacts.repository.ts). */
export function interactionRowValues(interaction: Omit<InteractionInput, 'contactId'>): unknown[] {
  return repo.interactionRowValues(interactionValues({ ...interaction, contactId: null }));
}

export interface ContactView {
  id: string;
  name: string | null;
  phones: string[];
  email: string | null;
  address: string | null;
  idNumber: string | null;
  masked: boolean;
}

async function view(db: Executor, row: repo.ContactRow, reveal: boolean): Promise<ContactView> {
  const phones = await repo.phonesOf(db, row.id);
  return {
    id: row.id,
    name: row.name && !reveal ? maskName(row.name) : row.name,
    phones: reveal ? phones : phones.map(maskPhone),
    email: row.email && !reveal ? maskEmail(row.email) : row.email,
    address: reveal ? row.address : row.address ? '***' : null,
    idNumber: row.idNumber && !reveal ? maskIdNumber(row.idNumber) : row.idNumber,
    masked: !reveal,
  };
}

export interface ContactsDeps {
  database: Database;
  clock: Clock;
}

/** What a call panel shows for a caller: the known contact (masked), their tickets and interactions. */
export async function contactHistoryByPhone(deps: ContactsDeps, phoneInput: string) {
  const phone = phoneOrThrow(phoneInput);
  const contact = await repo.findContactBy(deps.database.db, { phone });
  if (!contact) return { contact: null, tickets: [], interactions: [] };
  return contactHistory(deps, contact.id);
}

export async function contactHistory(deps: ContactsDeps, contactId: string) {
  const db = deps.database.db;
  const contact = await repo.findContact(db, contactId);
  if (!contact) throw new AppError('resource.not_found');
  const target = contact.mergedIntoId ? ((await repo.findContact(db, contact.mergedIntoId)) ?? contact) : contact;
  const [tickets, interactions] = await Promise.all([repo.ticketsOf(db, target.id, 100), repo.interactionsOf(db, target.id, 100)]);
  return {
    contact: await view(db, target, false),
    tickets: tickets.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    interactions: interactions.map((i) => ({
      id: i.id,
      channel: i.channel,
      direction: i.direction,
      occurredAt: i.occurredAt.toISOString(),
      ticketId: i.ticketId,
      callDurationSeconds: i.callDurationSeconds,
      callDisposition: i.callDisposition,
    })),
  };
}

/** The contact in clear, for someone who needs it; recorded in the audit trail. */
export async function revealContact(deps: ContactsDeps, actor: Actor, contactId: string, reason: string): Promise<ContactView> {
  const contact = await repo.findContact(deps.database.db, contactId);
  if (!contact) throw new AppError('resource.not_found');
  await tx(deps.database, (t) =>
    recordAudit(t, toAuditActor(actor), { action: 'contact.revealed', entityType: 'contact', entityId: contactId, changes: { reason } }, deps.clock.now()),
  );
  return view(deps.database.db, contact, true);
}

/** Merges `sourceId` into `targetId`: phones, interactions and tickets move; the source is kept, marked merged. */
export async function mergeContacts(deps: ContactsDeps, actor: Actor, sourceId: string, targetId: string): Promise<ContactView> {
  if (sourceId === targetId) throw new AppError('request.validation_failed', { errors: [{ path: 'targetId', message: 'Không thể gộp một người liên hệ với chính nó.' }] });
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    const [source, target] = [await repo.findContact(t, sourceId), await repo.findContact(t, targetId)];
    if (!source || !target || source.mergedIntoId || target.mergedIntoId) throw new AppError('resource.not_found');
    await repo.mergeInto(t, sourceId, targetId);
    await recordAudit(t, toAuditActor(actor), { action: 'contact.merged', entityType: 'contact', entityId: targetId, changes: { mergedFrom: sourceId } }, now);
  });
  const merged = await repo.findContact(deps.database.db, targetId);
  return view(deps.database.db, merged!, false);
}
