/**
 * Agencies without accounts (org_units.email_only): a ticket forwarded to one reaches it by
 * email with a link to a minimal answer page. The link is a random 256-bit token; only its
 * SHA-256 is stored, so the database alone cannot answer for the agency. It serves one ticket,
 * expires after AGENCY_LINK_DAYS, works once, and a later hand-over of the ticket (re-forward,
 * send-back, reopening) revokes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { maskEmail, maskName, maskPhone } from '../../../common/masking.ts';
import type { Config } from '../../config.ts';
import type { Database, Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { enqueueOutbox } from '../outbox/outbox.service.ts';
import * as repo from './agency-links.repository.ts';

export interface AgencyLinksDeps {
  database: Database;
  config: Config;
  clock: Clock;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 86_400_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where links point: PUBLIC_URL, or this server on localhost. */
export function publicBaseUrl(config: Config): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

const pad = (n: number) => String(n).padStart(2, '0');
const vnDateTime = (at: Date) => {
  const d = new Date(at.getTime() + 7 * 3_600_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** Hides the citizen's phone numbers, email addresses and name in a text shown outside the hotline. */
export function maskPersonalData(text: string, contact: { name: string | null; phone: string | null }): string {
  let out = text.replace(/(?<!\d)(?:\+84|0)(?:[\s.-]?\d){8,10}(?!\d)/g, (m) => maskPhone(m.replace(/[\s.-]/g, '')));
  out = out.replace(/[^\s@<>()"']+@[^\s@<>()"']+\.[A-Za-z]{2,}/g, (m) => maskEmail(m));
  const name = contact.name?.normalize('NFC').trim();
  if (name && name.length > 2) out = out.split(name).join(maskName(name));
  return out;
}

export type HandOver = 'forward' | 'send-back' | 'reopen';

const INTRO: Record<HandOver, string> = {
  forward: 'Tổng đài 1022 chuyển đến Quý cơ quan phiếu sau để xem xét, trả lời.',
  'send-back': 'Tổng đài 1022 đề nghị Quý cơ quan bổ sung, hoàn thiện câu trả lời cho phiếu sau.',
  reopen: 'Người dân chưa hài lòng với câu trả lời; Tổng đài 1022 đề nghị Quý cơ quan xem xét lại phiếu sau.',
};

/**
 * A ticket changes hands (inside the transition's transaction `t`): earlier links stop working,
 * and when the new lead agency is email-only it gets a fresh link by email (queued in the
 * outbox). Refuses an email-only unit without an address. Returns the new token, if any.
 */
export async function handOverToAgency(
  t: Executor,
  deps: Pick<AgencyLinksDeps, 'config'>,
  ticket: { id: string; code: string; title: string; content: string; contactName: string | null; contactPhone: string | null },
  agencyId: string | null,
  now: Date,
  why: HandOver,
  note?: string | null,
): Promise<{ linkId: string; token: string; url: string } | undefined> {
  await repo.revokeLinks(t, ticket.id, now);
  const unit = agencyId ? await repo.findUnit(t, agencyId) : undefined;
  if (!unit?.emailOnly) return undefined;
  const email = unit.email?.trim();
  if (!email) throw new AppError('agency_link.no_email', { detail: `${unit.name} (${unit.code}) chưa có địa chỉ email.` });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.config.agencyLinkDays * DAY_MS);
  const link = await repo.insertLink(t, { ticketId: ticket.id, agencyId: unit.id, tokenHash: hashToken(token), email, createdAt: now, expiresAt });
  const url = `${publicBaseUrl(deps.config)}/tra-loi/${token}`;
  const contact = { name: ticket.contactName, phone: ticket.contactPhone };
  const body = [
    `Kính gửi: ${unit.name}`,
    '',
    INTRO[why],
    `Mã phiếu: ${ticket.code}`,
    `Tiêu đề: ${maskPersonalData(ticket.title, contact)}`,
    `Nội dung: ${maskPersonalData(ticket.content, contact)}`,
    ...(note ? [`Ghi chú của Tổng đài: ${maskPersonalData(note, contact)}`] : []),
    '',
    `Quý cơ quan trả lời trực tiếp tại địa chỉ sau (không cần tài khoản; dùng được một lần, hết hạn lúc ${vnDateTime(expiresAt)}):`,
    url,
    '',
    'Vui lòng không chuyển tiếp thư này: ai có liên kết đều có thể trả lời thay Quý cơ quan.',
  ].join('\n');
  await enqueueOutbox(t, { channel: 'email', recipient: email, subject: `[Tổng đài 1022] Phiếu ${ticket.code}: đề nghị trả lời`, body, kind: 'agency_link', ticketId: ticket.id, dedupeKey: `agency_link:${link.id}` }, now);
  return { linkId: link.id, token, url };
}

/**
 * The link behind a token and its ticket, if it may still be used: unknown or forged → 404,
 * used or revoked → 409, expired → 410, ticket no longer waiting for that agency → 409.
 * `lock` holds the link row until the transaction ends (one answer per link).
 */
export async function resolveLink(t: Executor, token: string, now: Date, lock: boolean): Promise<{ link: repo.LinkRow; ticket: repo.LinkedTicket }> {
  if (!TOKEN.test(token)) throw new AppError('agency_link.invalid');
  const link = await repo.findByHash(t, hashToken(token), lock);
  if (!link) throw new AppError('agency_link.invalid');
  if (link.usedAt || link.revokedAt) throw new AppError('agency_link.used');
  if (link.expiresAt.getTime() <= now.getTime()) throw new AppError('agency_link.expired');
  const ticket = await repo.findLinkedTicket(t, link);
  if (!ticket || ticket.leadAgencyId !== link.agencyId || !['forwarded', 'in_progress'].includes(ticket.status)) throw new AppError('agency_link.not_waiting');
  return { link, ticket };
}

export async function markLinkUsed(t: Executor, linkId: string, now: Date): Promise<void> {
  await repo.markUsed(t, linkId, now);
}

export interface AgencyLinkView {
  code: string;
  title: string;
  content: string;
  domainName: string | null;
  agencyName: string;
  status: string;
  answerDueAt: string | null;
  expiresAt: string;
}

/** What the answer page shows: the ticket without the citizen's personal data. */
export async function viewAgencyLink(deps: Pick<AgencyLinksDeps, 'database' | 'clock'>, token: string): Promise<AgencyLinkView> {
  const { link, ticket } = await resolveLink(deps.database.db, token, deps.clock.now(), false);
  const contact = { name: ticket.contactName, phone: ticket.contactPhone };
  return {
    code: ticket.code,
    title: maskPersonalData(ticket.title, contact),
    content: maskPersonalData(ticket.content, contact),
    domainName: ticket.domainName,
    agencyName: ticket.agencyName,
    status: ticket.status,
    // The deadline the agency works against now: the answer deadline once accepted, the acceptance stage's before.
    answerDueAt: (ticket.answerDueAt ?? ticket.stageDueAt)?.toISOString() ?? null,
    expiresAt: link.expiresAt.toISOString(),
  };
}
