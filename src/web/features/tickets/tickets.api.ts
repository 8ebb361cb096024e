// The tickets API as the staff pages use it: types, calls and React Query keys.
import { api, ApiError } from '../../api/client.ts';
import type { TicketAction, TicketStatus } from '../../../common/tickets.ts';
import type { TicketDeadline } from './deadline.ts';

export interface TicketEvent {
  at: string;
  actorLabel: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  visibility: string;
}

export interface Ticket {
  id: string;
  code: string;
  type: string;
  domainCode: string | null;
  domainName: string | null;
  title: string;
  content: string;
  address: string | null;
  contactId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  originChannel: string;
  priority: string;
  status: TicketStatus;
  leadAgencyCode: string | null;
  leadAgencyName: string | null;
  cooperatingAgencyCodes: string[];
  assigneeId: string | null;
  assigneeName: string | null;
  answer: string | null;
  answerDraft: string | null;
  answeredAt: string | null;
  repliedAt: string | null;
  rejectReason: string | null;
  outOfScopeCode: string | null;
  duplicateOfCode: string | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
  reopenCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  deadline?: TicketDeadline;
  /** The lead agency's one extension request, if any. */
  extension?: TicketExtension | null;
  progressReports?: ProgressReport[];
  events: TicketEvent[];
}

export interface TicketExtension {
  status: 'requested' | 'approved' | 'refused';
  agencyCode: string;
  reason: string;
  /** A local date, "YYYY-MM-DD". */
  proposedDueDate: string;
  previousDueAt: string | null;
  requestedAt: string;
  grantedDueAt: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
}

export interface ProgressReport {
  agencyCode: string;
  done: string;
  committedDate: string;
  reportedBy: string;
  reportedAt: string;
}

/** One ranked agency of the forward dialog, with why it is suggested (in Vietnamese). */
export interface RoutingSuggestion {
  rank: number;
  agencyCode: string;
  agencyName: string;
  cooperatingAgencyCodes: string[];
  rule: { id: string; priority: number; domainCode: string | null; communeCode: string | null; ticketType: string | null } | null;
  forwardsLast90Days: number;
  reason: string;
}

/** An active account of a unit, for the assign dialog. */
export interface UnitStaff {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

export interface TicketListItem {
  id: string;
  code: string;
  type: string;
  domainCode: string | null;
  title: string;
  status: TicketStatus;
  priority: string;
  originChannel: string;
  contactName: string | null;
  contactPhone: string | null;
  leadAgencyCode: string | null;
  assigneeId: string | null;
  reopenCount: number;
  createdAt: string;
  updatedAt: string;
  deadline?: TicketDeadline;
}

export interface TicketFilters {
  q?: string;
  status?: string[];
  type?: string[];
  domain?: string[];
  channel?: string[];
  assignee?: string;
  /** 'true': only tickets whose running stage is past due. */
  overdue?: 'true';
  /** 'requested': only tickets whose extension request waits for a supervisor. */
  extension?: 'requested';
  /** 'true': a word search runs to the end however long it takes (otherwise it may stop at its time budget). */
  exhaustive?: 'true';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ContactHistory {
  contact: { id: string; name: string | null; phones: string[]; email: string | null; address: string | null; idNumber: string | null; masked: boolean } | null;
  tickets: { code: string; title: string; status: string; type: string; createdAt: string }[];
  interactions: { id: string; channel: string; direction: string; occurredAt: string; ticketId: string | null }[];
}

export interface RevealedContact {
  id: string;
  name: string | null;
  phones: string[];
  email: string | null;
  address: string | null;
  idNumber: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: string;
  uploadedByCitizen: boolean;
}

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
}
export interface OrgUnit {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
}

export interface CreateTicketInput {
  type: string;
  domainCode?: string;
  content: string;
  address?: string;
  priority?: string;
  channel: string;
  contact?: { name?: string; phone?: string };
  interaction?: { call?: { callerNumber?: string; startedAt?: string } };
}

/** Agencies a ticket can be forwarded to. */
export const FORWARD_KINDS = ['department', 'police', 'social_insurance', 'utility', 'office', 'inspectorate', 'ward', 'commune'] as const;

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (filters: TicketFilters) => ['tickets', 'list', filters] as const,
  counts: ['tickets', 'counts'] as const,
  countsFull: ['tickets', 'counts', 'full'] as const,
  one: (code: string) => ['tickets', 'one', code] as const,
  attachments: (code: string) => ['tickets', 'attachments', code] as const,
  suggestions: (code: string) => ['routing-suggestions', code] as const,
  staff: (unitCode: string) => ['org-units', unitCode, 'staff'] as const,
};

function query(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A page of tickets; `complete` is false when a word search stopped at its time budget (older tickets not searched). */
export type TicketPage = Page<TicketListItem> & { complete: boolean };

export function listTickets(filters: TicketFilters, cursor: string | undefined, signal?: AbortSignal): Promise<TicketPage> {
  return api.get(`/api/v1/tickets${query({ ...filters, cursor, limit: '25' })}`, signal);
}

/** Queue counters: tickets per status, the overdue ones per status, extension requests waiting. */
export interface TicketCounts {
  counts: Record<string, number>;
  overdue: Record<string, number>;
  extensionRequests: number;
}

export async function ticketCounts(signal?: AbortSignal): Promise<Record<string, number>> {
  return (await ticketCountsFull(signal)).counts;
}

export function ticketCountsFull(signal?: AbortSignal): Promise<TicketCounts> {
  return api.get<TicketCounts>('/api/v1/tickets/counts', signal);
}

export function getTicket(code: string, signal?: AbortSignal): Promise<Ticket> {
  return api.get(`/api/v1/tickets/${encodeURIComponent(code)}`, signal);
}

export function createTicket(input: CreateTicketInput): Promise<Ticket> {
  return api.post('/api/v1/tickets', input);
}

/** One transition; the ticket's version goes with it (a stale one gets 409). */
export function actOnTicket(ticket: Pick<Ticket, 'code' | 'version'>, action: TicketAction, body: Record<string, unknown> = {}): Promise<Ticket> {
  return api.post(`/api/v1/tickets/${encodeURIComponent(ticket.code)}/${action}`, { ...body, version: ticket.version });
}

export function lookupContact(phone: string, signal?: AbortSignal): Promise<ContactHistory> {
  return api.get(`/api/v1/contacts/lookup${query({ phone })}`, signal);
}

export function revealContact(id: string, reason: string): Promise<RevealedContact> {
  return api.post(`/api/v1/contacts/${id}/reveal`, { reason });
}

export async function listAttachments(code: string, signal?: AbortSignal): Promise<Attachment[]> {
  return (await api.get<{ items: Attachment[] }>(`/api/v1/tickets/${code}/attachments`, signal)).items;
}

export function attachmentUrl(code: string, id: string): string {
  return `/api/v1/tickets/${code}/attachments/${id}`;
}

/** Uploads files as multipart/form-data (the JSON client does not do that), with the CSRF header. */
export async function uploadAttachments(code: string, files: File[]): Promise<Attachment[]> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  const csrf = document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === 't1022_csrf')?.[1];
  const response = await fetch(`/api/v1/tickets/${code}/attachments`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json', ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}) },
  });
  if (!response.ok) {
    let problem = {};
    try {
      problem = (await response.json()) as object;
    } catch {
      // No JSON body: the status says enough.
    }
    throw new ApiError(response.status, problem);
  }
  return ((await response.json()) as { items: Attachment[] }).items;
}

export async function listDomains(signal?: AbortSignal): Promise<Domain[]> {
  return (await api.get<{ items: Domain[] }>('/api/v1/public/domains', signal)).items;
}
export async function listOutOfScope(signal?: AbortSignal): Promise<OutOfScope[]> {
  return (await api.get<{ items: OutOfScope[] }>('/api/v1/public/out-of-scope', signal)).items;
}
export async function listAgencies(signal?: AbortSignal): Promise<OrgUnit[]> {
  return (await api.get<{ items: OrgUnit[] }>(`/api/v1/public/org-units${query({ kind: [...FORWARD_KINDS] })}`, signal)).items;
}

export async function routingSuggestions(code: string, signal?: AbortSignal): Promise<RoutingSuggestion[]> {
  return (await api.get<{ items: RoutingSuggestion[] }>(`/api/v1/tickets/${encodeURIComponent(code)}/routing-suggestions`, signal)).items;
}

export async function unitStaff(unitCode: string, signal?: AbortSignal): Promise<UnitStaff[]> {
  return (await api.get<{ items: UnitStaff[] }>(`/api/v1/org-units/${encodeURIComponent(unitCode)}/staff`, signal)).items;
}
