/**
 * When the answer takes longer: the lead agency asks once for an extension (reason and proposed
 * date), a supervisor approves it (a new answer deadline) or refuses it, and once the answer
 * deadline has passed the agency files progress reports (what was done, a committed date).
 * Each is a transition (ticket-transitions.ts): one event and one audit row, in one transaction.
 */
import { cleanText } from '../../../common/text.ts';
import { AppError } from '../../lib/app-error.ts';
import { localToday } from '../../lib/time.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { answerDueOn, clockAfterExtension } from '../deadlines/deadlines.service.ts';
import { notifyRole, notifyUsers } from '../notifications/notifications.service.ts';
import { transition } from './ticket-transitions.ts';
import * as repo from './tickets.repository.ts';
import type { TicketsDeps } from './tickets.service.ts';

type V = { version: number };

const invalid = (path: string, message: string) => new AppError('request.validation_failed', { errors: [{ path, message }] });
const required = (s: string, path: string) => {
  const v = cleanText(s);
  if (!v) throw invalid(path, 'Không được để trống.');
  return v;
};
/** dd/mm/yyyy of an instant's local date, for messages. */
const vnDate = (at: Date) => localToday(at).split('-').reverse().join('/');

/** The lead agency's focal point asks, once per ticket, for more time to answer. */
export function requestExtension(deps: TicketsDeps, actor: Actor, code: string, input: V & { reason: string; proposedDueDate: string }) {
  const reason = required(input.reason, 'reason');
  return transition(deps, actor, code, input.version, 'request-extension', async (ticket, t) => {
    if (await repo.findExtension(t, ticket.id)) throw new AppError('ticket.extension_already_requested');
    const now = deps.clock.now();
    const earliest = ticket.answerDueAt && localToday(ticket.answerDueAt) > localToday(now) ? localToday(ticket.answerDueAt) : localToday(now);
    if (input.proposedDueDate <= earliest) {
      throw invalid('proposedDueDate', ticket.answerDueAt ? `Ngày đề xuất phải sau hạn trả lời hiện tại (${vnDate(ticket.answerDueAt)}) và sau hôm nay.` : 'Ngày đề xuất phải sau hôm nay.');
    }
    return {
      note: reason,
      data: { proposedDueDate: input.proposedDueDate, previousDueAt: ticket.answerDueAt?.toISOString() ?? null },
      after: async (tt) => {
        await repo.insertExtension(tt, {
          ticketId: ticket.id,
          agencyId: ticket.leadAgencyId!,
          reason,
          proposedDueDate: input.proposedDueDate,
          previousDueAt: ticket.answerDueAt,
          requestedById: actor.userId,
          requestedAt: now,
        });
        // The supervisors decide: they learn of the request in the app (and by email).
        await notifyRole(
          tt,
          'supervisor',
          {
            kind: 'extension.requested',
            ticketId: ticket.id,
            title: `Phiếu ${ticket.code}: đơn vị xin gia hạn đến ${input.proposedDueDate.split('-').reverse().join('/')}`,
            body: `Lý do: ${reason}${ticket.answerDueAt ? `\nHạn trả lời hiện tại: ${vnDate(ticket.answerDueAt)}.` : ''}`,
            dedupePrefix: `extension.requested:${ticket.id}`,
          },
          now,
        );
      },
    };
  });
}

/**
 * A supervisor decides the pending request: `approve` moves the answer deadline to the close of
 * office hours of `dueDate` (default: the proposed date); `refuse` leaves it.
 */
export function decideExtension(deps: TicketsDeps, actor: Actor, code: string, input: V & { decision: 'approve' | 'refuse'; dueDate?: string; note?: string }) {
  return transition(deps, actor, code, input.version, 'decide-extension', async (ticket, t) => {
    const extension = await repo.findExtension(t, ticket.id);
    if (!extension || extension.status !== 'requested') throw new AppError('ticket.extension_not_requested');
    const now = deps.clock.now();
    const note = input.note ? cleanText(input.note) || null : null;
    if (input.decision === 'refuse') {
      if (input.dueDate) throw invalid('dueDate', 'Chỉ nêu ngày gia hạn khi chấp thuận.');
      return {
        note,
        data: { decision: 'refuse' },
        after: async (tt) => {
          await repo.updateExtension(tt, ticket.id, { status: 'refused', decisionNote: note, decidedById: actor.userId, decidedAt: now });
          await tellRequester(tt, extension.requestedById, ticket, `Phiếu ${ticket.code}: yêu cầu gia hạn bị từ chối`, note ?? 'Hạn trả lời giữ nguyên.', now);
        },
      };
    }
    const due = await answerDueOn(deps, t, input.dueDate ?? extension.proposedDueDate);
    if (due.getTime() <= now.getTime() || (ticket.answerDueAt && due.getTime() <= ticket.answerDueAt.getTime())) {
      throw invalid('dueDate', `Hạn mới phải sau hạn trả lời hiện tại${ticket.answerDueAt ? ` (${vnDate(ticket.answerDueAt)})` : ''} và sau thời điểm hiện tại.`);
    }
    return {
      patch: await clockAfterExtension(deps, t, ticket, due),
      note,
      data: { decision: 'approve', grantedDueAt: due.toISOString(), previousDueAt: ticket.answerDueAt?.toISOString() ?? null },
      after: async (tt) => {
        await repo.updateExtension(tt, ticket.id, { status: 'approved', grantedDueAt: due, decisionNote: note, decidedById: actor.userId, decidedAt: now });
        await tellRequester(tt, extension.requestedById, ticket, `Phiếu ${ticket.code}: được gia hạn đến ${vnDate(due)}`, note ?? `Hạn trả lời mới: ${vnDate(due)}.`, now);
      },
    };
  });
}

/** The focal point who asked for the extension learns the decision. */
async function tellRequester(t: Parameters<typeof notifyUsers>[0], requestedById: string | null, ticket: { id: string; code: string }, title: string, body: string, now: Date) {
  if (!requestedById) return;
  await notifyUsers(t, [requestedById], { kind: 'extension.decided', ticketId: ticket.id, title, body, dedupePrefix: `extension.decided:${ticket.id}` }, now);
}

/** After the answer deadline passed, the lead agency reports what it did and when it will finish. */
export function reportProgress(deps: TicketsDeps, actor: Actor, code: string, input: V & { done: string; committedDate: string }) {
  const done = required(input.done, 'done');
  return transition(deps, actor, code, input.version, 'progress-report', async (ticket) => {
    const now = deps.clock.now();
    if (!ticket.answerDueAt || now.getTime() <= ticket.answerDueAt.getTime()) {
      throw new AppError('ticket.progress_report_not_due', ticket.answerDueAt ? { detail: `Hạn trả lời là ${vnDate(ticket.answerDueAt)}; chưa quá hạn.` } : {});
    }
    if (input.committedDate < localToday(now)) throw invalid('committedDate', 'Ngày cam kết hoàn thành không được ở quá khứ.');
    return {
      note: done,
      data: { committedDate: input.committedDate },
      after: (tt) =>
        repo.insertProgressReport(tt, {
          ticketId: ticket.id,
          agencyId: ticket.leadAgencyId!,
          done,
          committedDate: input.committedDate,
          reportedById: actor.userId,
          reportedByLabel: toAuditActor(actor).actorLabel,
          reportedAt: now,
        }),
    };
  });
}
