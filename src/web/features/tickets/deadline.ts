// How close a ticket's running stage is to its due time. The server owns the deadline; the web
// app only colours it. Working time is estimated with the office hours (07:00–11:30, 13:30–17:00,
// Monday–Friday, Vietnam time); holidays are left out of the estimate.

/** The running stage of a ticket, as the ticket view and list items carry it. */
export interface TicketDeadline {
  stage: 'triage' | 'acceptance' | 'answer' | 'review' | null;
  startedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  paused: boolean;
  pausedRemainingMinutes: number | null;
  answerDueAt: string | null;
}

export type DeadlineState = 'none' | 'onTime' | 'dueSoon' | 'overdue' | 'paused';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** Office hours as minutes after local midnight. */
const OFFICE_HOURS: readonly [number, number][] = [
  [7 * 60, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
];
/** Orange when at most this share of the stage is left … */
export const DUE_SOON_SHARE = 0.25;
/** … or at most this many working minutes. */
export const DUE_SOON_MINUTES = 4 * 60;

/** Working minutes (office hours on weekdays, Vietnam time) between two moments; 0 if `to` is not later. */
export function workingMinutesBetween(from: Date, to: Date): number {
  const start = from.getTime() + VIETNAM_OFFSET_MS;
  const end = to.getTime() + VIETNAM_OFFSET_MS;
  if (end <= start) return 0;
  let total = 0;
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [open, close] of OFFICE_HOURS) {
      const a = Math.max(start, day + open * 60_000);
      const b = Math.min(end, day + close * 60_000);
      if (b > a) total += (b - a) / 60_000;
    }
  }
  return total;
}

/** The colour state of a deadline at `now`. */
export function deadlineState(deadline: TicketDeadline | null | undefined, now: Date = new Date()): DeadlineState {
  if (!deadline?.stage) return 'none';
  if (deadline.overdue) return 'overdue';
  if (deadline.paused) return 'paused';
  if (!deadline.dueAt) return 'none';
  const due = new Date(deadline.dueAt);
  if (due.getTime() <= now.getTime()) return 'overdue';
  const left = workingMinutesBetween(now, due);
  const whole = deadline.startedAt ? workingMinutesBetween(new Date(deadline.startedAt), due) : 0;
  if (left <= DUE_SOON_MINUTES || (whole > 0 && left <= whole * DUE_SOON_SHARE)) return 'dueSoon';
  return 'onTime';
}
