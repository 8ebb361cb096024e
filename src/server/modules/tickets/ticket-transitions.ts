/**
 * The ticket's lifecycle: one function per transition. Each checks who may act and from which
 * state (tickets.policy.ts), refuses a stale version (two operators on one ticket: one wins,
 * the other gets 409 and loses nothing silently), and writes the change, one history event, the
 * audit row and the live-update notice in one transaction.
 */
import { normalizePhone } from '../../../common/phone.ts';
import { cleanText } from '../../../common/text.ts';
import { STATUS_LABELS_VI, type CitizenAction, type RejectReason, type TicketAction, type TicketStatus } from '../../../common/tickets.ts';
import { tx, type Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { handOverToAgency, markLinkUsed, resolveLink } from '../agency-links/agency-links.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { autoCloseDaysOf, clockAfterTransition, reopenWindowDaysOf } from '../deadlines/deadlines.service.ts';
import { SYSTEM_ACTOR, mayPerform, transitions } from './tickets.policy.ts';
import * as repo from './tickets.repository.ts';
import { scopeOf, type TicketsDeps } from './tickets.service.ts';

interface Change {
  patch?: Partial<repo.TicketInsert>;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Extra work in the same transaction, after the ticket row is updated. */
  after?: (t: Executor, updated: repo.TicketRow) => Promise<void>;
}

/**
 * Who may act on a ticket: staff by role and agency (the default), or a citizen proving with
 * the phone number that the ticket is theirs (then no version is expected), or an email-only
 * agency through its answer link (checked by the caller; the link names the agency).
 */
export type Authorization = { kind: 'staff'; version: number } | { kind: 'citizen'; phone: string } | { kind: 'agency_link'; agencyId: string };

/** Runs one transition on the ticket `code`. */
export async function transition(
  deps: TicketsDeps,
  actor: Actor,
  code: string,
  auth: Authorization | number,
  action: TicketAction | CitizenAction,
  decide: (ticket: repo.TicketRow, t: Executor) => Promise<Change>,
): Promise<repo.TicketRow> {
  return tx(deps.database, (t) => transitionIn(t, deps, actor, code, auth, action, decide));
}

/** `transition` inside the caller's transaction `t` (several transitions that commit together). */
async function transitionIn(
  t: Executor,
  deps: TicketsDeps,
  actor: Actor,
  code: string,
  auth: Authorization | number,
  action: TicketAction | CitizenAction,
  decide: (ticket: repo.TicketRow, t: Executor) => Promise<Change>,
): Promise<repo.TicketRow> {
  const rule = transitions[action];
  const now = deps.clock.now();
  const authorization: Authorization = typeof auth === 'number' ? { kind: 'staff', version: auth } : auth;
  const citizen = authorization.kind === 'citizen';
  const staff = authorization.kind === 'staff';
  const ticket = await repo.lockTicket(t, code, staff ? scopeOf(actor) : { kind: 'all' });
  // For a citizen, a wrong phone number and a missing ticket look the same.
  if (!ticket || (citizen && (!ticket.contactPhone || ticket.contactPhone !== normalizePhone(authorization.phone)))) throw new AppError('ticket.not_found');
  if (authorization.kind === 'agency_link' && ticket.leadAgencyId !== authorization.agencyId) throw new AppError('agency_link.not_waiting');
  // Version and state first: whoever can see the ticket may learn them; then who may act.
  const version = staff ? authorization.version : ticket.version;
  if (ticket.version !== version) {
    throw new AppError('ticket.version_conflict', { detail: `Phiên bản hiện tại là ${ticket.version}, bạn gửi ${version}.` });
  }
  if (!rule.from.includes(ticket.status as TicketStatus)) {
    throw new AppError('ticket.invalid_transition', {
      detail: `Phiếu đang ở trạng thái "${ticket.status}" (${STATUS_LABELS_VI[ticket.status as TicketStatus] ?? ticket.status}); không thể "${action}".`,
    });
  }
  if (staff) {
    // What the actor's agency is to the ticket now (a returned or re-forwarded ticket is no longer theirs).
    const now = actor.orgUnitId ? await repo.currentAgencyRoles(t, ticket.id, actor.orgUnitId) : { leads: false, cooperates: false };
    if (!mayPerform(actor, action, { actorUnitLeads: now.leads, actorUnitCooperates: now.cooperates, assigneeId: ticket.assigneeId })) throw new AppError('auth.forbidden');
  }
  const change = await decide(ticket, t);
  const toStatus = rule.to === 'same' ? (ticket.status as TicketStatus) : rule.to;
  // The stage clock moves with the state, by the ticket's own policy version (and its type and domain after the change).
  const clock = await clockAfterTransition(deps, t, { ...ticket, ...change.patch }, action, toStatus, now);
  const updated = await repo.updateTicket(t, ticket.id, { ...change.patch, ...clock, status: toStatus, ...(toStatus === 'closed' ? { closedAt: now } : {}) }, now);
  await change.after?.(t, updated);
  await repo.insertEvent(t, {
    ticketId: ticket.id,
    at: now,
    actorId: actor.userId ?? actor.tokenId,
    actorLabel: toAuditActor(actor).actorLabel,
    action,
    fromStatus: ticket.status,
    toStatus,
    note: change.note ?? null,
    visibility: rule.visibility,
    data: change.data ?? null,
  });
  await recordAudit(
    t,
    toAuditActor(actor),
    { action: `ticket.${action}`, entityType: 'ticket', entityId: ticket.id, changes: { status: { from: ticket.status, to: toStatus }, ...(change.data ?? {}) } },
    now,
  );
  await repo.notifyChange(t, { code: ticket.code, status: toStatus, agencyId: updated.leadAgencyId });
  return updated;
}

const text = (s: string) => cleanText(s);
const required = (s: string | undefined, path: string): string => {
  const v = s ? text(s) : '';
  if (!v) throw new AppError('request.validation_failed', { errors: [{ path, message: 'Không được để trống.' }] });
  return v;
};

/** An org unit in force, by code; an ended one is refused with its successors named. */
async function unitInForce(deps: TicketsDeps, t: Executor, code: string, path: string): Promise<repo.OrgUnitRef> {
  const [unit] = await repo.findOrgUnits(t, [code]);
  if (!unit) throw new AppError('request.validation_failed', { errors: [{ path, message: `Không có đơn vị mã "${code}".` }] });
  if (unit.validTo && unit.validTo < deps.clock.now().toISOString().slice(0, 10)) {
    const successors = await repo.successorsOf(t, unit.id);
    throw new AppError('ticket.agency_ended', { detail: `${unit.name} đã chấm dứt; đơn vị kế thừa: ${successors.map((s) => `${s.name} (${s.code})`).join(', ') || 'không rõ'}.` });
  }
  return unit;
}

type V = { version: number };

export function classifyTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { type?: string; domainCode?: string; priority?: string; title?: string }) {
  return transition(deps, actor, code, input.version, 'classify', async (ticket, t) => {
    if (input.domainCode && !(await repo.domainExists(t, input.domainCode))) {
      throw new AppError('request.validation_failed', { errors: [{ path: 'domainCode', message: `Không có lĩnh vực "${input.domainCode}".` }] });
    }
    const patch = {
      ...(input.type ? { type: input.type } : {}),
      ...(input.domainCode ? { domainCode: input.domainCode } : {}),
      ...(input.priority ? { priority: input.priority } : {}),
      ...(input.title ? { title: text(input.title) } : {}),
    };
    const data = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { from: ticket[k as keyof typeof ticket] ?? null, to: v }]));
    return { patch, data };
  });
}

export function rejectTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { reason: Exclude<RejectReason, 'duplicate'>; outOfScopeCode?: string; note?: string }) {
  return transition(deps, actor, code, input.version, 'reject', async () => {
    if (input.reason === 'out_of_scope' && !input.outOfScopeCode) {
      throw new AppError('request.validation_failed', { errors: [{ path: 'outOfScopeCode', message: 'Hãy chọn loại nội dung ngoài phạm vi để người dân biết nơi cần liên hệ.' }] });
    }
    return {
      patch: { rejectReason: input.reason, outOfScopeCode: input.outOfScopeCode ?? null },
      note: input.note ? text(input.note) : null,
      data: { reason: input.reason, outOfScopeCode: input.outOfScopeCode ?? null },
    };
  });
}

/** Answers directly ("level 1"), from the knowledge base, without an agency. */
export function answerTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { answer: string }) {
  const answer = required(input.answer, 'answer');
  return transition(deps, actor, code, input.version, 'answer', async () => ({
    patch: { answer, answeredAt: deps.clock.now() },
    after: (t, updated) => copyAnswerToDuplicates(t, deps, actor, updated),
  }));
}

/**
 * The operator's choice in the forward dialog: the rank (1 = first) of the chosen agency among the
 * suggestions shown (GET …/routing-suggestions), or null when they chose an agency outside them.
 */
export interface RoutingChoice {
  rank: number | null;
  suggestedCodes: string[];
}

/**
 * Forwards to a lead agency (and cooperating ones). An email-only lead agency gets a signed answer
 * link by email in the same transaction; earlier links of the ticket stop working.
 */
export function forwardTicket(
  deps: TicketsDeps,
  actor: Actor,
  code: string,
  input: V & { leadAgencyCode: string; cooperatingAgencyCodes?: string[]; note?: string; routingChoice?: RoutingChoice | undefined },
) {
  return transition(deps, actor, code, input.version, 'forward', async (ticket, t) => {
    const lead = await unitInForce(deps, t, input.leadAgencyCode, 'leadAgencyCode');
    const cooperating: repo.OrgUnitRef[] = [];
    for (const c of new Set(input.cooperatingAgencyCodes ?? [])) if (c !== lead.code) cooperating.push(await unitInForce(deps, t, c, 'cooperatingAgencyCodes'));
    const now = deps.clock.now();
    return {
      patch: { leadAgencyId: lead.id, assigneeId: null },
      note: input.note ? text(input.note) : null,
      data: {
        leadAgency: lead.code,
        cooperating: cooperating.map((c) => c.code),
        ...(input.routingChoice ? { routingChoice: { rank: input.routingChoice.rank, suggestedCodes: input.routingChoice.suggestedCodes.slice(0, 20) } } : {}),
      },
      after: async (tt) => {
        // Re-forwarding: the previous agencies stop handling it (and keep reading what they handled).
        await repo.endTicketAgencies(tt, ticket.id, 'lead', now);
        await repo.endTicketAgencies(tt, ticket.id, 'cooperating', now);
        await repo.addTicketAgency(tt, ticket.id, lead.id, 'lead', now);
        for (const c of cooperating) await repo.addTicketAgency(tt, ticket.id, c.id, 'cooperating', now);
        await handOverToAgency(tt, deps, ticket, lead.id, now, 'forward', input.note ? text(input.note) : null);
      },
    };
  });
}

export function acceptTicket(deps: TicketsDeps, actor: Actor, code: string, input: V) {
  return transition(deps, actor, code, input.version, 'accept', async () => ({}));
}

export function returnTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { reason: string }) {
  const reason = required(input.reason, 'reason');
  return transition(deps, actor, code, input.version, 'return', async (ticket) => ({
    patch: { assigneeId: null },
    note: reason,
    data: { returnedBy: ticket.leadAgencyId },
    after: async (t) => {
      await repo.endTicketAgencies(t, ticket.id, 'lead', deps.clock.now());
      // No agency holds it now: any answer link stops working.
      await handOverToAgency(t, deps, ticket, null, deps.clock.now(), 'forward');
    },
  }));
}

/**
 * The hotline takes back a forwarded ticket the agency has not accepted yet: it goes back to the
 * operators' returned queue with the reason; the agency stops handling it and its answer link
 * (for a unit without accounts) stops working.
 */
export function recallTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { reason: string }) {
  const reason = required(input.reason, 'reason');
  return transition(deps, actor, code, input.version, 'recall', async (ticket) => ({
    patch: { assigneeId: null },
    note: reason,
    data: { recalledFrom: ticket.leadAgencyId },
    after: async (t) => {
      const now = deps.clock.now();
      await repo.endTicketAgencies(t, ticket.id, 'lead', now);
      await handOverToAgency(t, deps, ticket, null, now, 'forward');
    },
  }));
}

export function assignTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { assigneeId: string }) {
  return transition(deps, actor, code, input.version, 'assign', async (ticket, t) => {
    const staff = await repo.findAgencyUser(t, input.assigneeId, ticket.leadAgencyId!);
    if (!staff) throw new AppError('request.validation_failed', { errors: [{ path: 'assigneeId', message: 'Người được giao phải là chuyên viên đang hoạt động của cơ quan chủ trì.' }] });
    return { patch: { assigneeId: staff.id }, data: { assignee: { from: ticket.assigneeId, to: staff.id } }, note: `Giao cho ${staff.displayName}` };
  });
}

export function requestInfo(deps: TicketsDeps, actor: Actor, code: string, input: V & { question: string }) {
  const question = required(input.question, 'question');
  return transition(deps, actor, code, input.version, 'request-info', async () => ({ note: question }));
}

/** The citizen answered the request for more information (recorded by staff, or from the portal). */
export function citizenReplied(deps: TicketsDeps, actor: Actor, code: string, input: { version: number; reply: string } | { phone: string; reply: string }) {
  const reply = required(input.reply, 'reply');
  const auth: Authorization = 'phone' in input ? { kind: 'citizen', phone: input.phone } : { kind: 'staff', version: input.version };
  return transition(deps, actor, code, auth, 'citizen-replied', async () => ({ note: reply }));
}

/** The citizen rates the answer 1–5; an answered ticket is then closed. */
export function rateAnswer(deps: TicketsDeps, actor: Actor, code: string, input: { phone: string; score: number; comment?: string | undefined }) {
  return transition(deps, actor, code, { kind: 'citizen', phone: input.phone }, 'rate', async () => ({
    patch: { satisfaction: input.score, satisfactionComment: input.comment ? text(input.comment) : null },
    data: { score: input.score },
  }));
}

export function draftAnswer(deps: TicketsDeps, actor: Actor, code: string, input: V & { draft: string }) {
  const draft = required(input.draft, 'draft');
  return transition(deps, actor, code, input.version, 'draft-answer', async () => ({ patch: { answerDraft: draft } }));
}

export function submitAnswer(deps: TicketsDeps, actor: Actor, code: string, input: V & { answer?: string }) {
  return transition(deps, actor, code, input.version, 'submit-answer', async (ticket) => {
    const answer = input.answer ? text(input.answer) : ticket.answerDraft;
    if (!answer) throw new AppError('request.validation_failed', { errors: [{ path: 'answer', message: 'Chưa có nội dung trả lời.' }] });
    return { patch: { answerDraft: answer } };
  });
}

/** The hotline approves the agency's answer; it becomes the public answer (and that of its duplicates). */
export function approveAnswer(deps: TicketsDeps, actor: Actor, code: string, input: V & { answer?: string }) {
  return transition(deps, actor, code, input.version, 'approve', async (ticket) => {
    const answer = input.answer ? text(input.answer) : ticket.answerDraft;
    if (!answer) throw new AppError('request.validation_failed', { errors: [{ path: 'answer', message: 'Chưa có nội dung trả lời.' }] });
    return {
      patch: { answer, answeredAt: deps.clock.now() },
      data: { edited: !!input.answer && input.answer !== ticket.answerDraft },
      after: (t, updated) => copyAnswerToDuplicates(t, deps, actor, updated),
    };
  });
}

export function sendBack(deps: TicketsDeps, actor: Actor, code: string, input: V & { note: string }) {
  const note = required(input.note, 'note');
  // An email-only agency gets a fresh link with the note (its previous one was used).
  return transition(deps, actor, code, input.version, 'send-back', async (ticket) => ({
    note,
    after: (t) => handOverToAgency(t, deps, ticket, ticket.leadAgencyId, deps.clock.now(), 'send-back', note).then(() => undefined),
  }));
}

/**
 * Records that the answer went back to the citizen on the origin channel (the outbound
 * interaction). Delivery itself is the channels' work.
 */
export function replyToCitizen(deps: TicketsDeps, actor: Actor, code: string, input: V & { message?: string }) {
  return transition(deps, actor, code, input.version, 'reply', async (ticket) => ({
    patch: { repliedAt: deps.clock.now() },
    data: { channel: ticket.originChannel },
    after: (t) => repo.insertOutboundInteraction(t, ticket, input.message ? text(input.message) : (ticket.answer ?? ''), actor.userId, deps.clock.now()),
  }));
}

export function closeTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { note?: string }) {
  return transition(deps, actor, code, input.version, 'close', async () => ({ note: input.note ? text(input.note) : null }));
}

/**
 * Why an answered or closed ticket cannot be reopened now, or null when it can: at the limit, past
 * the window of its policy version (REOPEN_WINDOW_DAYS when the version sets none), or answered by
 * the hotline itself, so that no agency holds it to take it back (one that returned it, or that
 * the hotline recalled it from, does not). `leadInForce` is that last fact, as the caller read it
 * (the reopening under its lock, the citizen's tracking page in its one read); the policy version
 * is read only when the limit leaves the answer open.
 */
export async function reopenRefusal(
  deps: Pick<TicketsDeps, 'clock' | 'config'>,
  t: Executor,
  ticket: Pick<repo.TicketRow, 'answeredAt' | 'updatedAt' | 'reopenCount' | 'deadlinePolicyId' | 'createdAt'>,
  leadInForce: boolean,
): Promise<AppError | null> {
  if (ticket.reopenCount >= deps.config.reopenLimit) return new AppError('ticket.reopen_not_allowed');
  const answeredAt = ticket.answeredAt ?? ticket.updatedAt;
  const windowDays = (await reopenWindowDaysOf(t, ticket)) ?? deps.config.reopenWindowDays;
  if (deps.clock.now().getTime() > answeredAt.getTime() + windowDays * 86_400_000) return new AppError('ticket.reopen_not_allowed');
  if (!leadInForce) return new AppError('ticket.invalid_transition', { detail: 'Phiếu được trả lời trực tiếp, không có cơ quan để chuyển lại; hãy tạo phiếu mới.' });
  return null;
}

/** Sends the ticket back to its agency because the citizen is not satisfied: within the window and the limit. */
export function reopenTicket(deps: TicketsDeps, actor: Actor, code: string, input: { version: number; reason: string } | { phone: string; reason: string }) {
  const reason = required(input.reason, 'reason');
  const auth: Authorization = 'phone' in input ? { kind: 'citizen', phone: input.phone } : { kind: 'staff', version: input.version };
  return transition(deps, actor, code, auth, 'reopen', async (ticket, t) => {
    const refusal = await reopenRefusal(deps, t, ticket, !!ticket.leadAgencyId && (await repo.hasLeadInForce(t, ticket.id)));
    if (refusal) throw refusal;
    return {
      patch: { reopenCount: ticket.reopenCount + 1, closedAt: null, assigneeId: null },
      note: reason,
      data: { reopenCount: ticket.reopenCount + 1 },
      after: (tt) => handOverToAgency(tt, deps, ticket, ticket.leadAgencyId, deps.clock.now(), 'reopen', reason).then(() => undefined),
    };
  });
}

/** Marks the ticket a duplicate of `masterCode`: it gets the master's answer when there is one. */
export function linkDuplicate(deps: TicketsDeps, actor: Actor, code: string, input: V & { masterCode: string }) {
  return transition(deps, actor, code, input.version, 'link-duplicate', async (ticket, t) => {
    const master = await repo.findTicket(t, input.masterCode, scopeOf(actor));
    if (!master || master.ticket.id === ticket.id) throw new AppError('request.validation_failed', { errors: [{ path: 'masterCode', message: 'Không tìm thấy phiếu gốc.' }] });
    if (master.ticket.duplicateOfId) throw new AppError('request.validation_failed', { errors: [{ path: 'masterCode', message: 'Phiếu gốc cũng là một bản trùng; hãy chọn phiếu gốc của nó.' }] });
    const answered = master.ticket.answer && ['answered', 'closed'].includes(master.ticket.status);
    return {
      patch: { duplicateOfId: master.ticket.id, rejectReason: 'duplicate', ...(answered ? { answer: master.ticket.answer, answeredAt: master.ticket.answeredAt } : {}) },
      data: { master: master.ticket.code },
    };
  });
}

/** Undoes a duplicate link: the ticket is new again, without the copied answer. */
export function unlinkDuplicate(deps: TicketsDeps, actor: Actor, code: string, input: V) {
  return transition(deps, actor, code, input.version, 'unlink-duplicate', async (ticket) => {
    if (!ticket.duplicateOfId) throw new AppError('ticket.invalid_transition', { detail: 'Phiếu này không phải bản trùng.' });
    return { patch: { duplicateOfId: null, rejectReason: null, answer: null, answeredAt: null } };
  });
}

/**
 * An email-only agency answers through its link (no account): the link is checked and locked,
 * the ticket is accepted if it was not yet, the answer submitted for the hotline's review
 * (approve or send back, as any agency answer), and the link used up, in one transaction. The
 * history and the audit name the responder and the agency.
 */
export async function answerThroughLink(
  deps: TicketsDeps,
  actor: Actor,
  token: string,
  input: { answer: string; responderName: string; responderTitle?: string | undefined },
): Promise<{ code: string; status: string }> {
  const answer = required(input.answer, 'answer');
  const name = required(input.responderName, 'responderName');
  const title = input.responderTitle ? text(input.responderTitle) : '';
  return tx(deps.database, async (t) => {
    const now = deps.clock.now();
    const { link, ticket } = await resolveLink(t, token, now, true);
    const responder: Actor = { ...actor, kind: 'anonymous', userId: null, tokenId: null, roles: [], username: `${name}${title ? `, ${title}` : ''} (${ticket.agencyName}, qua liên kết email)` };
    const auth: Authorization = { kind: 'agency_link', agencyId: link.agencyId };
    const data = { via: 'agency_link', responder: { name, title: title || null, agencyCode: ticket.agencyCode } };
    if (ticket.status === 'forwarded') await transitionIn(t, deps, responder, ticket.code, auth, 'accept', async () => ({ data }));
    const updated = await transitionIn(t, deps, responder, ticket.code, auth, 'submit-answer', async () => ({ patch: { answerDraft: answer }, data }));
    await markLinkUsed(t, link.id, now);
    return { code: updated.code, status: updated.status };
  });
}

export function commentOnTicket(deps: TicketsDeps, actor: Actor, code: string, input: V & { note: string }) {
  const note = required(input.note, 'note');
  return transition(deps, actor, code, input.version, 'comment', async () => ({ note }));
}

/**
 * Closes an answered ticket the citizen neither rated nor reopened within the auto-close delay of
 * the ticket's deadline policy version (`fallbackDays`, AUTO_CLOSE_DAYS, when the version sets
 * none), as the system (a scheduled job). `version` is the one the job read: a ticket that
 * changed since, or that no longer qualifies, is left alone and `null` returned, so a second run
 * (or two workers at once) closes nothing twice.
 */
export async function autoCloseTicket(deps: TicketsDeps, code: string, version: number, fallbackDays: number = deps.config.autoCloseDays): Promise<repo.TicketRow | null> {
  try {
    return await transition(deps, SYSTEM_ACTOR, code, version, 'close', async (ticket, t) => {
      const days = (await autoCloseDaysOf(t, ticket)) ?? fallbackDays;
      const answeredAt = ticket.answeredAt ?? ticket.updatedAt;
      if (ticket.satisfaction !== null || deps.clock.now().getTime() - answeredAt.getTime() <= days * 86_400_000) {
        throw new AppError('ticket.invalid_transition', { detail: 'Phiếu chưa đủ điều kiện tự động đóng.' });
      }
      return { note: `Tự động đóng sau ${days} ngày không có phản hồi`, data: { auto: true, days } };
    });
  } catch (err) {
    if (err instanceof AppError && ['ticket.version_conflict', 'ticket.invalid_transition', 'ticket.not_found'].includes(err.code)) return null;
    throw err;
  }
}

/** When a master is answered, its duplicates get the same answer (and a public event). */
async function copyAnswerToDuplicates(t: Executor, deps: TicketsDeps, actor: Actor, master: repo.TicketRow): Promise<void> {
  const now = deps.clock.now();
  for (const dup of await repo.findDuplicatesOf(t, master.id)) {
    await repo.updateTicket(t, dup.id, { answer: master.answer, answeredAt: now }, now);
    await repo.insertEvent(t, {
      ticketId: dup.id,
      at: now,
      actorId: actor.userId,
      actorLabel: toAuditActor(actor).actorLabel,
      action: 'answer-from-master',
      fromStatus: dup.status,
      toStatus: dup.status,
      visibility: 'public',
      data: { master: master.code },
    });
  }
}
