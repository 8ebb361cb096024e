/**
 * Tickets: intake (from a call, a message or the citizen portal), reading and listing within
 * the caller's scope. Transitions live in ticket-transitions.ts.
 */
import { randomUUID } from 'node:crypto';
import { maskName, maskPhone } from '../../../common/masking.ts';
import { normalizePhone } from '../../../common/phone.ts';
import { cleanText } from '../../../common/text.ts';
import type { Channel, ExtensionStatus, Priority, TicketStatus, TicketType } from '../../../common/tickets.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalidCursor } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { auditAppendValues } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { clockForNewTicket, forgetNewTicketSettings } from '../deadlines/deadlines.service.ts';
import { deadlineView } from '../deadlines/stage-clock.ts';
import { interactionRowValues, recognitionRowValues, type ContactInput, type InteractionInput } from '../contacts/contacts.service.ts';
import { createTicketValues, insertTicket, databaseErrorOf, outboxValues, type Acknowledgement, type CreatedTicketRow, type NewTicketValues } from './ticket-creation.repository.ts';
import { mayCreateTickets, readsAllTickets } from './tickets.policy.ts';
import * as repo from './tickets.repository.ts';
import * as listRepo from './ticket-list.repository.ts';

export interface TicketsDeps {
  database: Database;
  config: Config;
  clock: Clock;
}

/** What the caller may see. Agency users without a unit see nothing. */
export function scopeOf(actor: Actor): repo.TicketScope {
  if (readsAllTickets(actor)) return { kind: 'all' };
  if (actor.orgUnitId) return { kind: 'units', unitId: actor.orgUnitId };
  return { kind: 'units', unitId: '00000000-0000-0000-0000-000000000000' };
}

export interface NewTicket {
  type: TicketType;
  domainCode?: string | undefined;
  title?: string | undefined;
  content: string;
  address?: string | undefined;
  communeCode?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  priority?: Priority | undefined;
  publicConsent?: boolean | undefined;
  channel: Channel;
  contact?: ContactInput | undefined;
  interaction?: Omit<InteractionInput, 'channel' | 'contactId' | 'occurredAt' | 'direction'> & { occurredAt?: string | undefined };
}

const clean = (s: string) => cleanText(s);

/** A title from the first line of the content when none was given. */
function titleFrom(content: string): string {
  const first = content.split('\n')[0]!.trim();
  return first.length <= 120 ? first : `${first.slice(0, 117)}…`;
}

/**
 * Creates a ticket with its contact (recognised or new), the interaction it came from, the
 * first history event, the audit row and the acknowledgements to queue, in one statement (see
 * ticket-creation.repository.ts). The code is the next of the year's gapless sequence: PREFIX-YYYY-NNNNNN.
 */
export async function createTicket(
  deps: TicketsDeps,
  actor: Actor,
  input: NewTicket,
  options: {
    /** Stored with the ticket, in the same statement: a retry with the key finds the ticket. */
    idempotency?: { key: string; requestHash: string; createdAt: Date } | undefined;
    /** Messages queued in the outbox with the ticket (`{code}` is filled in). */
    acknowledgements?: Acknowledgement[] | undefined;
  } = {},
): Promise<CreatedTicketRow> {
  if (actor.kind !== 'anonymous' && !mayCreateTickets(actor)) throw new AppError('auth.forbidden');
  const content = clean(input.content);
  if (!content) throw new AppError('request.validation_failed', { errors: [{ path: 'content', message: 'Nội dung không được để trống.' }] });
  const now = deps.clock.now();
  const id = randomUUID();
  const auditActor = toAuditActor(actor);
  const contact = recognitionRowValues(input.contact, now);
  const interaction = interactionRowValues({
    ...input.interaction,
    channel: input.channel,
    direction: 'in',
    content: input.interaction?.content ?? content,
    operatorId: actor.userId,
    occurredAt: input.interaction?.occurredAt ? new Date(input.interaction.occurredAt) : now,
  });
  const audit = auditAppendValues(auditActor, { action: 'ticket.created', entityType: 'ticket', entityId: id, changes: { channel: input.channel, type: input.type } }, now);
  const run = async () => {
    // The deadline version and calendar from this process's cache; the statement checks them.
    const { clock, today, settingsVersion } = await clockForNewTicket(deps, { type: input.type, domainCode: input.domainCode ?? null }, now);
    const ticket: NewTicketValues = {
      id,
      type: input.type,
      domainCode: input.domainCode ?? null,
      title: clean(input.title ?? '') || titleFrom(content),
      content,
      address: input.address ? clean(input.address) : null,
      communeCode: input.communeCode ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      contactPhone: input.contact?.phone ? normalizePhone(input.contact.phone) : null,
      publicConsent: input.publicConsent ?? false,
      priority: input.priority ?? 'normal',
      createdById: actor.userId,
      now: now.toISOString(),
      deadlinePolicyId: clock.deadlinePolicyId,
      stage: clock.stage ?? null,
      stageStartedAt: clock.stageStartedAt?.toISOString() ?? null,
      stageDueAt: clock.stageDueAt?.toISOString() ?? null,
      answerDueAt: clock.answerDueAt?.toISOString() ?? null,
      codePrefix: deps.config.ticketCodePrefix,
      year: Number(today.slice(0, 4)),
      eventActorId: actor.userId ?? actor.tokenId,
      eventActorLabel: auditActor.actorLabel,
      eventData: JSON.stringify({ channel: input.channel }),
      idempotencyKey: options.idempotency?.key ?? null,
      requestHash: options.idempotency?.requestHash ?? null,
      idempotencyAt: options.idempotency?.createdAt.toISOString() ?? null,
      settingsVersion,
      ...outboxValues(options.acknowledgements ?? []),
    };
    return insertTicket(deps.database, createTicketValues(contact, interaction, ticket, audit));
  };
  try {
    return await run().catch((err: unknown) => {
      // A day off or a deadline version added since this process cached them: once more, fresh.
      if (databaseErrorOf(err)?.message !== 'stale_settings') throw err;
      forgetNewTicketSettings(deps.database);
      return run();
    });
  } catch (err) {
    const db = databaseErrorOf(err);
    if (db?.message === 'unknown_commune') {
      throw new AppError('request.validation_failed', { errors: [{ path: 'communeCode', message: `Không có xã/phường "${input.communeCode}".` }] });
    }
    if (db?.code === '23503' && db.constraint?.includes('domain_code')) {
      throw new AppError('request.validation_failed', { errors: [{ path: 'domainCode', message: `Không có lĩnh vực "${input.domainCode}".` }] });
    }
    throw err;
  }
}

export interface TicketView {
  id: string;
  code: string;
  type: string;
  domainCode: string | null;
  domainName: string | null;
  title: string;
  content: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  contactId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  publicConsent: boolean;
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
  deadline: ReturnType<typeof deadlineView>;
  extension: {
    status: ExtensionStatus;
    agencyCode: string;
    reason: string;
    proposedDueDate: string;
    previousDueAt: string | null;
    requestedAt: string;
    grantedDueAt: string | null;
    decisionNote: string | null;
    decidedAt: string | null;
  } | null;
  progressReports: Array<{ agencyCode: string; done: string; committedDate: string; reportedBy: string; reportedAt: string }>;
  events: Array<{ at: string; actorLabel: string; action: string; fromStatus: string | null; toStatus: string | null; note: string | null; visibility: string }>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
/** A time from the database's JSON (e.g. "2026-03-02T09:00:00.123+07:00") in the API's form. */
const isoText = (s: string | null) => (s === null ? null : new Date(s).toISOString());

/** One ticket with its history, if the caller may see it (a missing one and a hidden one look alike). */
export async function getTicket(deps: TicketsDeps, actor: Actor, code: string): Promise<TicketView> {
  const row = await repo.findTicketWithHistory(deps.database, code, scopeOf(actor), false);
  if (!row) throw new AppError('ticket.not_found');
  return viewOf(deps, row.ticket, row);
}

/**
 * The view of a ticket just created by `createTicket`, without reading it back: a new ticket
 * has no agency, assignee, extension or progress report yet, and one history event.
 */
export function newTicketView(deps: TicketsDeps, actor: Actor, row: CreatedTicketRow): TicketView {
  const { domainName, queued: _q, notified: _n, ...ticket } = row;
  const at = ticket.createdAt.toISOString();
  return viewOf(deps, ticket, {
    domainName,
    leadAgencyCode: null,
    leadAgencyName: null,
    cooperatingCodes: [],
    assigneeName: null,
    duplicateOfCode: null,
    extension: null,
    progressReports: [],
    events: [{ at, actorLabel: toAuditActor(actor).actorLabel, action: 'created', fromStatus: null, toStatus: 'new', note: null, visibility: 'public' }],
  });
}

type TicketWithHistory = NonNullable<Awaited<ReturnType<typeof repo.findTicketWithHistory>>>;

function viewOf(deps: TicketsDeps, t: repo.TicketDetail, row: Omit<TicketWithHistory, 'ticket' | 'leadInForce'>): TicketView {
  const { events, extension, progressReports } = row;
  return {
    id: t.id,
    code: t.code,
    type: t.type,
    domainCode: t.domainCode,
    domainName: row.domainName,
    title: t.title,
    content: t.content,
    address: t.address,
    lat: t.lat,
    lng: t.lng,
    contactId: t.contactId,
    // Personal data is masked here; POST /contacts/{id}/reveal shows it, audited.
    contactName: t.contactName ? maskName(t.contactName) : null,
    contactPhone: t.contactPhone ? maskPhone(t.contactPhone) : null,
    publicConsent: t.publicConsent,
    originChannel: t.originChannel,
    priority: t.priority,
    status: t.status as TicketStatus,
    leadAgencyCode: row.leadAgencyCode,
    leadAgencyName: row.leadAgencyName,
    cooperatingAgencyCodes: row.cooperatingCodes,
    assigneeId: t.assigneeId,
    assigneeName: row.assigneeName,
    answer: t.answer,
    answerDraft: t.answerDraft,
    answeredAt: iso(t.answeredAt),
    repliedAt: iso(t.repliedAt),
    rejectReason: t.rejectReason,
    outOfScopeCode: t.outOfScopeCode,
    duplicateOfCode: row.duplicateOfCode,
    satisfaction: t.satisfaction,
    satisfactionComment: t.satisfactionComment,
    reopenCount: t.reopenCount,
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    closedAt: iso(t.closedAt),
    deadline: deadlineView(t, deps.clock.now()),
    extension: extension
      ? {
          ...extension,
          status: extension.status as ExtensionStatus,
          previousDueAt: isoText(extension.previousDueAt),
          requestedAt: isoText(extension.requestedAt)!,
          grantedDueAt: isoText(extension.grantedDueAt),
          decidedAt: isoText(extension.decidedAt),
        }
      : null,
    progressReports: progressReports.map((r) => ({ ...r, reportedAt: isoText(r.reportedAt)! })),
    events: events.map((e) => ({ ...e, at: isoText(e.at)! })),
  };
}

export interface TicketQuery {
  q?: string | undefined;
  status?: string[] | undefined;
  type?: string[] | undefined;
  domain?: string[] | undefined;
  channel?: string[] | undefined;
  agency?: string | undefined;
  assignee?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  overdue?: boolean | undefined;
  extension?: string | undefined;
  cursor?: string | undefined;
  /** A word search that runs to the end, however long it takes, instead of stopping at its budget. */
  exhaustive?: boolean | undefined;
  limit: number;
}

const TICKET_CODE = /^[A-Za-z0-9]{1,10}-\d{4}-\d{6}$/;

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    const createdAt = new Date(at ?? '');
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw new Error('bad cursor');
    return { createdAt, id: id! };
  } catch {
    throw invalidCursor();
  }
}

/** Search and filters, newest first, keyset-paginated, within the caller's scope; personal data masked. */
export async function listTickets(deps: TicketsDeps, actor: Actor, query: TicketQuery) {
  let agencyId: string | undefined;
  if (query.agency) {
    const [unit] = await repo.findOrgUnits(deps.database.db, [query.agency]);
    if (!unit) return { items: [], nextCursor: null, complete: true };
    agencyId = unit.id;
  }
  const q = query.q?.normalize('NFC').trim();
  const filter: listRepo.TicketFilter = {
    // A ticket code is looked up exactly; anything else is a full-text search.
    ...(q && TICKET_CODE.test(q) ? { code: q } : q ? { q } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.type ? { types: query.type } : {}),
    ...(query.domain ? { domains: query.domain } : {}),
    ...(query.channel ? { channels: query.channel } : {}),
    ...(agencyId ? { agencyId } : {}),
    ...(query.assignee ? { assigneeId: query.assignee === 'me' ? (actor.userId ?? undefined) : query.assignee } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
    ...(query.overdue !== undefined ? { overdue: { is: query.overdue, now: deps.clock.now() } } : {}),
    ...(query.extension ? { extension: query.extension } : {}),
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
    limit: query.limit + 1,
    now: deps.clock.now(),
    // PGlite cannot stop a statement after a time (its statement_timeout never fires while the
    // query runs), and holds small databases anyway.
    budgetMs: deps.database.engine === 'postgres' && !query.exhaustive && deps.config.searchBudgetMs > 0 ? deps.config.searchBudgetMs : undefined,
  };
  const { rows, complete } = await listRepo.listTickets(deps.database.db, filter, scopeOf(actor));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const now = deps.clock.now();
  return {
    // Field by field: rest and spread of each row cost more than the rest of the mapping.
    items: page.map((r) => ({
      id: r.id,
      code: r.code,
      type: r.type,
      domainCode: r.domainCode,
      title: r.title,
      status: r.status,
      priority: r.priority,
      originChannel: r.originChannel,
      contactName: r.contactName ? maskName(r.contactName) : null,
      contactPhone: r.contactPhone ? maskPhone(r.contactPhone) : null,
      leadAgencyCode: r.leadAgencyCode,
      assigneeId: r.assigneeId,
      reopenCount: r.reopenCount,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      deadline: deadlineView(r, now),
    })),
    // An incomplete search has no next page: what lies after its rows was not searched.
    nextCursor: complete && rows.length > query.limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
    complete,
  };
}

export interface TicketCounts {
  /** Tickets per status. */
  counts: Record<string, number>;
  /** Per status, tickets whose running stage is past its due time. */
  overdue: Record<string, number>;
  /** Tickets whose extension request waits for a supervisor's decision. */
  extensionRequests: number;
}

/** Ticket counts per status in the caller's scope (queue counters), with the overdue ones and pending extension requests. */
export async function countTickets(deps: TicketsDeps, actor: Actor): Promise<TicketCounts> {
  const rows = await listRepo.countByStatus(deps.database.db, {}, scopeOf(actor), deps.clock.now());
  return {
    counts: Object.fromEntries(rows.map((r) => [r.status, Number(r.count)])),
    overdue: Object.fromEntries(rows.filter((r) => Number(r.overdue) > 0).map((r) => [r.status, Number(r.overdue)])),
    extensionRequests: rows.reduce((sum, r) => sum + Number(r.extensionRequests), 0),
  };
}

/** What routing needs of a ticket the caller may see: its type, domain and commune. */
export async function routingFactsOf(deps: TicketsDeps, actor: Actor, code: string): Promise<{ id: string; code: string; type: string; domainCode: string | null; communeId: string | null }> {
  const row = await repo.findTicket(deps.database.db, code, scopeOf(actor));
  if (!row) throw new AppError('ticket.not_found');
  const t = row.ticket;
  return { id: t.id, code: t.code, type: t.type, domainCode: t.domainCode, communeId: t.communeId };
}
