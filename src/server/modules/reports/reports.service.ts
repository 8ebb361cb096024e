/**
 * Reports for the province's leaders: the prolonged list (long overdue or reopened again and
 * again) and timeliness per lead agency. Working time comes from the same calendar as deadlines.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { localToday } from '../../lib/time.ts';
import { workingCalendarOf } from '../calendar/calendar.service.ts';
import { workingMinutesBetween, type WorkingCalendar } from '../calendar/working-time.ts';
import * as repo from './reports.repository.ts';
import type { ProlongedItem, ProlongedReason, TimelinessRow } from '../../../common/reports.ts';
import { isFinished } from '../../../common/tickets.ts';

export interface ReportsDeps {
  database: Database;
  config: Config;
  clock: Clock;
}

const DAY_MS = 86_400_000;
const STAGE_VI: Record<string, string> = { triage: 'phân loại', acceptance: 'tiếp nhận', answer: 'trả lời', review: 'duyệt trả lời' };

/** Office minutes of one working day (480 with the default hours). */
function minutesPerDay(calendar: WorkingCalendar): number {
  const m = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return calendar.officeHours.reduce((sum, p) => sum + m(p.to) - m(p.from), 0);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const vnDate = (at: Date) => localToday(at).split('-').reverse().join('/');

export type { ProlongedItem, ProlongedReason, TimelinessRow };

/**
 * Tickets overdue by more than PROLONGED_OVERDUE_WORKING_DAYS working days (counted in office
 * minutes since the running stage's due time) or reopened at least PROLONGED_REOPEN_COUNT times;
 * the most overdue first.
 */
export async function listProlonged(deps: ReportsDeps) {
  const now = deps.clock.now();
  const { prolongedOverdueWorkingDays: days, prolongedReopenCount: reopens } = deps.config;
  const calendar = await workingCalendarOf(deps.database);
  const perDay = minutesPerDay(calendar);
  // More than N working days overdue takes more than N - 1 calendar days: a cheap bound for the index.
  const dueBefore = new Date(now.getTime() - Math.max(0, days - 1) * DAY_MS);
  const items: ProlongedItem[] = [];
  for (const c of await repo.findProlongedCandidates(deps.database.db, dueBefore, reopens)) {
    const reasons: ProlongedReason[] = [];
    const parts: string[] = [];
    let overdueDays: number | null = null;
    if (c.stageDueAt && c.stageDueAt < now && !isFinished(c.status)) {
      overdueDays = workingMinutesBetween(c.stageDueAt, now, calendar) / perDay;
      if (overdueDays > days) {
        reasons.push({ kind: 'overdue', stage: c.stage, dueAt: c.stageDueAt.toISOString(), overdueWorkingDays: round1(overdueDays) });
        parts.push(`Quá hạn ${round1(overdueDays).toLocaleString('vi-VN')} ngày làm việc (bước ${STAGE_VI[c.stage ?? ''] ?? c.stage ?? '?'}, hạn ${vnDate(c.stageDueAt)})`);
      }
    }
    if (c.reopenCount >= reopens) {
      reasons.push({ kind: 'reopened', reopenCount: c.reopenCount });
      parts.push(`Người dân mở lại ${c.reopenCount} lần`);
    }
    if (reasons.length === 0) continue;
    items.push({
      code: c.code,
      title: c.title,
      type: c.type,
      domainCode: c.domainCode,
      status: c.status,
      leadAgencyCode: c.leadAgencyCode,
      leadAgencyName: c.leadAgencyName,
      createdAt: c.createdAt.toISOString(),
      reopenCount: c.reopenCount,
      overdueWorkingDays: overdueDays === null ? null : round1(overdueDays),
      reasons,
      reason: `${parts.join('; ')}.`,
    });
  }
  items.sort((a, b) => (b.overdueWorkingDays ?? -1) - (a.overdueWorkingDays ?? -1) || b.reopenCount - a.reopenCount || a.code.localeCompare(b.code));
  return { generatedAt: now.toISOString(), overdueWorkingDaysAbove: days, reopenCountAtLeast: reopens, items };
}

/**
 * Per lead agency, the tickets it received as lead between the local dates `from` and `to`
 * (inclusive): how many it answered on time (its answer submitted by the answer deadline, an
 * approved extension included), late, and how many are still open with it; and the average
 * working days from receipt to its submitted answer.
 */
export async function timeliness(deps: ReportsDeps, query: { from: string; to: string }) {
  if (query.to < query.from) throw new AppError('request.invalid_parameters', { detail: 'Ngày kết thúc (to) phải không trước ngày bắt đầu (from).' });
  const fromAt = new Date(`${query.from}T00:00:00+07:00`);
  const toAt = new Date(Date.parse(`${query.to}T00:00:00+07:00`) + DAY_MS);
  if (toAt.getTime() - fromAt.getTime() > 367 * DAY_MS) throw new AppError('request.invalid_parameters', { detail: 'Khoảng thời gian tối đa là một năm.' });
  const calendar = await workingCalendarOf(deps.database);
  const perDay = minutesPerDay(calendar);
  const rows = new Map<string, TimelinessRow & { minutes: number }>();
  for (const a of await repo.findLeadAssignments(deps.database.db, fromAt, toAt)) {
    const row = rows.get(a.agencyId) ?? { agencyCode: a.agencyCode, agencyName: a.agencyName, received: 0, answeredOnTime: 0, answeredLate: 0, stillOpen: 0, handedOver: 0, averageWorkingDaysToAnswer: null, minutes: 0 };
    rows.set(a.agencyId, row);
    row.received += 1;
    const stillTheirs = a.leadAgencyId === a.agencyId && a.until === null;
    const answeredAt = a.submittedAt ?? a.answeredAt;
    if (stillTheirs && ['answered', 'closed'].includes(a.status) && answeredAt) {
      if (!a.answerDueAt || answeredAt.getTime() <= a.answerDueAt.getTime()) row.answeredOnTime += 1;
      else row.answeredLate += 1;
      row.minutes += workingMinutesBetween(a.since, answeredAt, calendar);
    } else if (stillTheirs && a.status !== 'rejected') {
      row.stillOpen += 1;
    } else {
      row.handedOver += 1;
    }
  }
  const items = [...rows.values()]
    .map(({ minutes, ...r }) => {
      const answered = r.answeredOnTime + r.answeredLate;
      return { ...r, averageWorkingDaysToAnswer: answered > 0 ? round1(minutes / answered / perDay) : null };
    })
    .sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
  return { from: query.from, to: query.to, items };
}

/** How often operators forwarded similar tickets to each agency in the last `days` days (the routing suggestions' evidence). */
export async function similarForwards(deps: ReportsDeps, q: { ticketId: string; domainCode: string; communeIds: string[]; days: number }) {
  const since = new Date(deps.clock.now().getTime() - q.days * DAY_MS);
  return repo.forwardCounts(deps.database.db, { domainCode: q.domainCode, communeIds: q.communeIds, since, excludeId: q.ticketId });
}
