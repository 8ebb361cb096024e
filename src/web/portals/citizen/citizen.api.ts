// The citizen API (`/api/v1/public/...`): no login, the phone number proves a ticket is yours.
import { api, ApiError, type Problem } from '../../api/client.ts';
import { currentLanguage, i18n } from '../../i18n/index.ts';
import type { TicketStatus, TicketType } from '../../../common/tickets.ts';

// The ticket types and states are the server's own lists.
export { TICKET_TYPES as CITIZEN_TYPES, TICKET_STATUSES } from '../../../common/tickets.ts';
export type CitizenTicketType = TicketType;
export type CitizenTicketStatus = TicketStatus;

/** The history actions a citizen may see, with their own wording. */
export const PUBLIC_ACTIONS = [
  'created',
  'reject',
  'answer',
  'forward',
  'accept',
  'request-info',
  'citizen-replied',
  'approve',
  'reply',
  'close',
  'reopen',
  'link-duplicate',
  'answer-from-master',
  'rate',
  'attachment-added',
] as const;
export type PublicAction = (typeof PUBLIC_ACTIONS)[number];

/** A ticket code as the server accepts it: 1022-2026-000123. */
export const TICKET_CODE = /^[A-Za-z0-9]{1,10}-\d{4}-\d{6}$/;

export interface Domain {
  code: string;
  name: string;
  nameEn: string;
}

export interface OutOfScope {
  code: string;
  name: string;
  nameEn: string;
  guidance: string;
  guidanceEn: string;
  legalBasis: string;
}

export interface OrgUnit {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  parentCode: string | null;
}

export interface Submission {
  name: string;
  phone: string;
  email?: string;
  type: CitizenTicketType;
  domainCode?: string;
  communeCode?: string;
  address?: string;
  content: string;
  publicConsent: boolean;
  consent: true;
  channel: 'web';
}

export interface Receipt {
  code: string;
  status: string;
  createdAt: string;
  /** True when the server had this submission already (same Idempotency-Key). */
  replayed: boolean;
}

export interface TrackingEvent {
  at: string;
  action: string;
  toStatus: string | null;
  note: string | null;
}

export interface Tracking {
  code: string;
  status: string;
  statusLabel: string;
  type: string;
  title: string;
  domainName: string | null;
  leadAgencyName: string | null;
  createdAt: string;
  updatedAt: string;
  answer: string | null;
  answeredAt: string | null;
  satisfaction: number | null;
  canRate: boolean;
  canReopen: boolean;
  events: TrackingEvent[];
}

export interface AttachmentReceipt {
  id: string;
  fileName: string;
}

const PUBLIC = '/api/v1/public';
const ticketPath = (code: string) => `${PUBLIC}/tickets/${encodeURIComponent(code)}`;

export const citizenKeys = {
  domains: ['citizen', 'domains'] as const,
  outOfScope: ['citizen', 'out-of-scope'] as const,
  communes: ['citizen', 'communes'] as const,
  due: (start: string) => ['citizen', 'due', start] as const,
  ticket: (code: string, phone: string) => ['citizen', 'ticket', code, phone] as const,
};

export async function fetchDomains(signal?: AbortSignal): Promise<Domain[]> {
  return (await api.get<{ items: Domain[] }>(`${PUBLIC}/domains`, signal)).items;
}

export async function fetchOutOfScope(signal?: AbortSignal): Promise<OutOfScope[]> {
  return (await api.get<{ items: OutOfScope[] }>(`${PUBLIC}/out-of-scope`, signal)).items;
}

export async function fetchCommunes(signal?: AbortSignal): Promise<OrgUnit[]> {
  return (await api.get<{ items: OrgUnit[] }>(`${PUBLIC}/org-units?kind=ward&kind=commune`, signal)).items;
}

/** When an answer started at `start` is due after `workingDays` working days (UTC ISO). */
export async function fetchDue(start: string, workingDays: number, signal?: AbortSignal): Promise<string> {
  const query = new URLSearchParams({ start, workingDays: String(workingDays) });
  return (await api.get<{ due: string }>(`${PUBLIC}/calendar/due?${query.toString()}`, signal)).due;
}

export function trackTicket(code: string, phone: string, signal?: AbortSignal): Promise<Tracking> {
  return api.get<Tracking>(`${ticketPath(code)}?${new URLSearchParams({ phone }).toString()}`, signal);
}

export function rateTicket(code: string, input: { phone: string; score: number; comment?: string }): Promise<Tracking> {
  return api.post<Tracking>(`${ticketPath(code)}/rating`, input);
}

export function reopenTicket(code: string, input: { phone: string; reason: string }): Promise<Tracking> {
  return api.post<Tracking>(`${ticketPath(code)}/reopen`, input);
}

export function sendInfo(code: string, input: { phone: string; reply: string }): Promise<Tracking> {
  return api.post<Tracking>(`${ticketPath(code)}/info`, input);
}

async function problemOf(response: Response): Promise<Problem> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return {};
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as Problem) : {};
  } catch {
    return {};
  }
}

/** fetch that turns a failure into ApiError, as api/client.ts does, for requests it cannot make. */
async function send<T>(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': currentLanguage(), ...init.headers },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'network.unreachable', title: i18n.t('errors.network') });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()) as T;
}

/** Files the ticket; the same key sent again (double click, retry) returns the same ticket. */
export function submitTicket(input: Submission, idempotencyKey: string): Promise<Receipt> {
  return send<Receipt>(`${PUBLIC}/tickets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(input),
  });
}

/** Uploads files to the citizen's ticket; the phone field goes first, before the files. */
export async function uploadAttachments(code: string, phone: string, files: File[]): Promise<AttachmentReceipt[]> {
  const form = new FormData();
  form.append('phone', phone);
  for (const file of files) form.append('files', file, file.name);
  return (await send<{ items: AttachmentReceipt[] }>(`${ticketPath(code)}/attachments`, { method: 'POST', headers: {}, body: form })).items;
}

/** A random UUID, also where crypto.randomUUID is missing (pages served over plain HTTP). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lower case without Vietnamese accents (đ = d), for searching names as people type them. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}
