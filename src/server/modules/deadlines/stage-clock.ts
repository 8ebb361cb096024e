/**
 * The stage clock of a ticket: which stage runs after a transition, when it falls due, and
 * how waiting for the citizen pauses it. Pure: the caller passes now, the limits and the
 * working calendar.
 */
import type { DeadlineLimits, DeadlineOverride } from '../../db/schema/deadlines.ts';
import { dueAt, workingMinutesBetween, type WorkingCalendar } from '../calendar/working-time.ts';
import { isFinished } from '../../../common/tickets.ts';

export const STAGES = ['triage', 'acceptance', 'answer', 'review'] as const;
export type Stage = (typeof STAGES)[number];

/** The clock's columns on a ticket. */
export interface StageState {
  stage: string | null;
  stageStartedAt: Date | null;
  stageDueAt: Date | null;
  stagePausedRemainingMinutes: number | null;
  stagePausedAt: Date | null;
  answerDueAt: Date | null;
}

/** A policy version's limits with its overrides. */
export interface PolicyLimits extends DeadlineLimits {
  overrides: readonly DeadlineOverride[];
}

const LIMIT_KEYS = ['triageHours', 'acceptanceHours', 'answerDays', 'reviewHours'] as const;

/**
 * The limits for a ticket of `type` and `domainCode`: for each stage, the most specific override
 * that sets it (type and domain, then domain, then type), else the version's default.
 */
export function limitsFor(policy: PolicyLimits, type: string, domainCode: string | null): DeadlineLimits {
  const rank = (o: DeadlineOverride) => {
    if (o.type !== undefined && o.type !== type) return -1;
    if (o.domainCode !== undefined && o.domainCode !== domainCode) return -1;
    return (o.domainCode !== undefined ? 2 : 0) + (o.type !== undefined ? 1 : 0);
  };
  const matching = policy.overrides.map((o) => ({ o, r: rank(o) })).filter((x) => x.r > 0).sort((a, b) => b.r - a.r);
  const limits: DeadlineLimits = { triageHours: policy.triageHours, acceptanceHours: policy.acceptanceHours, answerDays: policy.answerDays, reviewHours: policy.reviewHours };
  for (const key of LIMIT_KEYS) {
    const hit = matching.find((x) => x.o[key] !== undefined);
    if (hit) limits[key] = hit.o[key]!;
  }
  return limits;
}

const NONE: StageState = { stage: null, stageStartedAt: null, stageDueAt: null, stagePausedRemainingMinutes: null, stagePausedAt: null, answerDueAt: null };

/** Starts `stage` now. */
export function startStage(stage: Stage, now: Date, limits: DeadlineLimits, calendar: WorkingCalendar): Partial<StageState> {
  const duration =
    stage === 'answer' ? { workingDays: limits.answerDays } : { workingHours: stage === 'triage' ? limits.triageHours : stage === 'acceptance' ? limits.acceptanceHours : limits.reviewHours };
  const due = dueAt(now, duration, calendar);
  return { stage, stageStartedAt: now, stageDueAt: due, stagePausedRemainingMinutes: null, stagePausedAt: null, ...(stage === 'answer' ? { answerDueAt: due } : {}) };
}

/**
 * Pauses the clock (the agency asked the citizen for more). The working time left is kept; a
 * stage already overdue stays overdue (a pause cannot stop a clock that has run out).
 */
export function pauseStage(state: StageState, now: Date, calendar: WorkingCalendar): Partial<StageState> {
  if (!state.stageDueAt || state.stagePausedAt) return {};
  const remaining = workingMinutesBetween(now, state.stageDueAt, calendar);
  return remaining > 0 ? { stageDueAt: null, stagePausedRemainingMinutes: remaining, stagePausedAt: now } : { stagePausedRemainingMinutes: 0, stagePausedAt: now };
}

/** Resumes a paused clock with the working time that was left. */
export function resumeStage(state: StageState, now: Date, calendar: WorkingCalendar): Partial<StageState> {
  if (!state.stagePausedAt) return {};
  const remaining = state.stagePausedRemainingMinutes ?? 0;
  if (remaining <= 0) return { stagePausedRemainingMinutes: null, stagePausedAt: null };
  const due = dueAt(now, { workingHours: remaining / 60 }, calendar);
  return { stageDueAt: due, stagePausedRemainingMinutes: null, stagePausedAt: null, ...(state.stage === 'answer' ? { answerDueAt: due } : {}) };
}

const CLOCK_ACTIONS = new Set(['forward', 'reopen', 'accept', 'request-info', 'citizen-replied', 'submit-answer', 'send-back', 'return', 'recall', 'unlink-duplicate']);

/** Whether a transition may move the clock (so the policy and calendar are worth loading). */
export function clockMayChange(action: string, toStatus: string, stage: string | null): boolean {
  return CLOCK_ACTIONS.has(action) || (stage !== null && isFinished(toStatus));
}

/**
 * The clock after a transition `action` that leads to `toStatus`, or undefined when the clock
 * is not touched (a note, a draft, an assignment, a classification).
 */
export function stageAfter(
  action: string,
  toStatus: string,
  state: StageState,
  now: Date,
  limits: DeadlineLimits,
  calendar: WorkingCalendar,
): Partial<StageState> | undefined {
  switch (action) {
    case 'forward':
    case 'reopen':
      // A new agency (or the same one again) gets its own acceptance clock.
      return { ...startStage('acceptance', now, limits, calendar), answerDueAt: null };
    case 'accept':
      return startStage('answer', now, limits, calendar);
    case 'request-info':
      return pauseStage(state, now, calendar);
    case 'citizen-replied':
      return resumeStage(state, now, calendar);
    case 'submit-answer':
      return startStage('review', now, limits, calendar);
    case 'send-back':
      // Back to the agency, under the answer deadline it already had.
      return state.answerDueAt ? { stage: 'answer', stageStartedAt: now, stageDueAt: state.answerDueAt } : startStage('answer', now, limits, calendar);
    case 'return':
    case 'recall':
    case 'unlink-duplicate':
      return startStage('triage', now, limits, calendar);
  }
  if (isFinished(toStatus) && state.stage !== null) {
    // Finished: no stage runs; the answer deadline stays for the timeliness reports.
    return { ...NONE, answerDueAt: state.answerDueAt };
  }
  return undefined;
}

/** What the ticket view shows about the running stage. */
export function deadlineView(state: StageState, now: Date) {
  return {
    stage: state.stage as Stage | null,
    startedAt: state.stageStartedAt?.toISOString() ?? null,
    dueAt: state.stageDueAt?.toISOString() ?? null,
    overdue: state.stageDueAt !== null && now.getTime() > state.stageDueAt.getTime(),
    paused: state.stagePausedAt !== null,
    pausedRemainingMinutes: state.stagePausedRemainingMinutes,
    answerDueAt: state.answerDueAt?.toISOString() ?? null,
  };
}

/** The answer deadline granted up to a local date: the close of office hours that day (or the next working day). */
export function closeOfOfficeOn(date: string, calendar: WorkingCalendar): Date {
  return dueAt(new Date(Date.parse(`${date}T00:00:00+07:00`) - 1), { workingDays: 1 }, calendar);
}

/**
 * The clock after an approved extension moves the answer deadline to `newDue`. A paused clock
 * gets the added working time on top of what was left (counted from the pause when it had run out).
 */
export function extendAnswer(state: StageState, newDue: Date, calendar: WorkingCalendar): Partial<StageState> {
  if (state.stage !== 'answer') return { answerDueAt: newDue };
  if (!state.stagePausedAt) return { answerDueAt: newDue, stageDueAt: newDue };
  const from = state.answerDueAt && state.answerDueAt > state.stagePausedAt ? state.answerDueAt : state.stagePausedAt;
  const remaining = (state.stagePausedRemainingMinutes ?? 0) + workingMinutesBetween(from, newDue, calendar);
  return { answerDueAt: newDue, stageDueAt: remaining > 0 ? null : state.stageDueAt, stagePausedRemainingMinutes: remaining };
}
