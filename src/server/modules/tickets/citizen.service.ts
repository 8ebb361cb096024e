/**
 * What citizens do without an account: submit (idempotent by Idempotency-Key), track by code
 * and phone, rate, reopen, send the information asked for. The phone number proves the ticket
 * is theirs; a wrong number and a missing ticket look the same.
 */
import { createHash } from 'node:crypto';
import { STATUS_LABELS_VI, isFinished, type TicketStatus, type TicketType } from '../../../common/tickets.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Actor } from '../auth/actor.ts';
import { phoneOrThrow } from '../contacts/contacts.service.ts';
import { reopenRefusal } from './ticket-transitions.ts';
import * as repo from './tickets.repository.ts';
import type { Acknowledgement } from './ticket-creation.repository.ts';
import { createTicket, type TicketsDeps } from './tickets.service.ts';

/** The wording of the consent citizens give; its version is stored with the contact. */
export const CONSENT_VERSION = '2026-01';

export interface CitizenSubmission {
  name: string;
  phone: string;
  email?: string | undefined;
  type?: TicketType | undefined;
  domainCode?: string | undefined;
  title?: string | undefined;
  content: string;
  address?: string | undefined;
  communeCode?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  publicConsent: boolean;
  consent: true;
  channel?: 'web' | 'app' | undefined;
}

export interface SubmissionReceipt {
  code: string;
  status: TicketStatus;
  createdAt: string;
  /** True when this was a retry of an earlier submission with the same key. */
  replayed: boolean;
}

const hashOf = (input: unknown) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** Files a citizen's ticket; the same Idempotency-Key with the same content returns the same code. */
export async function submitTicket(deps: TicketsDeps, actor: Actor, input: CitizenSubmission, idempotencyKey?: string): Promise<SubmissionReceipt> {
  const phone = phoneOrThrow(input.phone);
  const requestHash = hashOf(input);
  try {
    // No look-up first: a retry's key collides with the stored one, and the statement writes nothing.
    const ticket = await createTicket(
      deps,
      actor,
      {
        type: input.type ?? 'feedback',
        domainCode: input.domainCode,
        title: input.title,
        content: input.content,
        address: input.address,
        communeCode: input.communeCode,
        lat: input.lat,
        lng: input.lng,
        publicConsent: input.publicConsent,
        channel: input.channel ?? 'web',
        contact: { name: input.name, phone, email: input.email, address: input.address, consentVersion: CONSENT_VERSION },
        interaction: idempotencyKey ? { providerMessageId: `idem:${idempotencyKey}` } : undefined,
      },
      {
        // The key commits with the ticket, or neither does; so does the acknowledgement.
        idempotency: idempotencyKey ? { key: idempotencyKey, requestHash, createdAt: deps.clock.now() } : undefined,
        acknowledgements: acknowledgementsTo({ phone, email: input.email }),
      },
    );
    return { code: ticket.code, status: 'new' as const, createdAt: ticket.createdAt.toISOString(), replayed: false };
  } catch (err) {
    // A retry (or two racing): the ticket of the first one.
    const earlier = idempotencyKey ? await repo.findIdempotencyKey(deps.database.db, idempotencyKey) : undefined;
    if (earlier) return receiptFor(deps, earlier, requestHash);
    throw err;
  }
}

/** The text citizens receive when their ticket is filed. */
export function acknowledgementText(code: string): { subject: string; body: string } {
  return {
    subject: `Tổng đài 1022 đã nhận phản ánh của bạn (mã ${code})`,
    body: `Tổng đài 1022 đã nhận phản ánh, kiến nghị của bạn. Mã tra cứu: ${code}. Dùng mã này và số điện thoại đã khai để theo dõi kết quả xử lý.`,
  };
}

/** The acknowledgement: an SMS to the phone, and an email when one was given (`{code}` filled in by the creating statement). */
function acknowledgementsTo(to: { phone: string; email?: string | undefined }): Acknowledgement[] {
  const { subject, body } = acknowledgementText('{code}');
  const messages: Acknowledgement[] = [{ channel: 'sms', recipient: to.phone, subject: null, body, kind: 'ticket.received', dedupeKey: 'ticket.received:{id}:sms' }];
  const email = to.email?.trim().toLowerCase();
  if (email) messages.push({ channel: 'email', recipient: email, subject, body, kind: 'ticket.received', dedupeKey: 'ticket.received:{id}:email' });
  return messages;
}

async function receiptFor(deps: TicketsDeps, earlier: { ticketId: string; requestHash: string }, requestHash: string): Promise<SubmissionReceipt> {
  if (earlier.requestHash !== requestHash) throw new AppError('idempotency.key_reused');
  const ticket = await repo.findTicketById(deps.database.db, earlier.ticketId);
  return { code: ticket!.code, status: ticket!.status as TicketStatus, createdAt: ticket!.createdAt.toISOString(), replayed: true };
}

/** What a citizen sees of their ticket: state, dates, the public answer and public history. */
export async function trackTicket(deps: TicketsDeps, code: string, phoneInput: string) {
  const phone = phoneOrThrow(phoneInput);
  // One query: the ticket, its public history and whether an agency holds it.
  const row = await repo.findTicketWithHistory(deps.database, code, { kind: 'all' }, true);
  if (!row || row.ticket.contactPhone !== phone) throw new AppError('ticket.not_found');
  const t = row.ticket;
  const events = row.events;
  const answeredAt = t.answeredAt ?? null;
  // The same rule as the reopening itself (the window of the ticket's policy version, the limit, an agency to send it back to).
  const reopenOpen = ['answered', 'closed'].includes(t.status) && (await reopenRefusal(deps, deps.database.db, t, row.leadInForce === true)) === null;
  return {
    code: t.code,
    status: t.status as TicketStatus,
    statusLabel: STATUS_LABELS_VI[t.status as TicketStatus],
    type: t.type,
    title: t.title,
    domainName: row.domainName,
    leadAgencyName: row.leadAgencyName,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    answer: isFinished(t.status) ? t.answer : null,
    answeredAt: answeredAt?.toISOString() ?? null,
    satisfaction: t.satisfaction,
    canRate: ['answered', 'closed'].includes(t.status) && t.satisfaction === null,
    canReopen: reopenOpen,
    events: events.map((e) => ({ at: new Date(e.at).toISOString(), action: e.action, toStatus: e.toStatus, note: e.note })),
  };
}
