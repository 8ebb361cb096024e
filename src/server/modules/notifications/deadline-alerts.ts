/**
 * Reminders and escalation on stage deadlines. For every running stage (not paused):
 * - `reminder` once 75 % of the stage's working time has passed,
 * - `due` when the deadline is reached,
 * - `overdue` once per working day (local) after the deadline's day, while it is overdue.
 * Who hears of it depends on whose stage it is: the agency's (acceptance, answer) or the
 * hotline's (triage, review); see `recipientsOf`.
 *
 * Exactly once: each alert is first inserted into deadline_alerts (unique per ticket, stage run,
 * kind and day) with ON CONFLICT DO NOTHING; only the transaction that inserted it fans out the
 * notifications and emails, in the same transaction. Two workers at once, a retry or a restart
 * therefore alert nobody twice.
 */
import { tx, type Database } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import { localToday } from '../../lib/time.ts';
import { workingCalendarOf } from '../calendar/calendar.service.ts';
import { dueAt, workingMinutesBetween, type WorkingCalendar } from '../calendar/working-time.ts';
import * as repo from './notifications.repository.ts';
import { deliverNotice, type Notice } from './notifications.service.ts';

export interface DeadlineAlertsDeps {
  database: Database;
  clock: Clock;
}

export type AlertKind = 'reminder' | 'due' | 'overdue';

/** The share of a stage's working time after which the reminder goes out. */
export const REMINDER_AT = 0.75;
/**
 * Reminder candidates are the stages due within this much working time: a stage longer than
 * four times this (an extension of months) gets its reminder this long before its deadline.
 */
const REMINDER_HORIZON = { workingDays: 15 } as const;
const BATCH = 200;
/** At most this many batches per kind and run; the next run (a minute later) carries on. */
const MAX_BATCHES = 25;

const STAGE_VI: Record<string, string> = { triage: 'phân loại, chuyển xử lý', acceptance: 'tiếp nhận', answer: 'trả lời', review: 'duyệt câu trả lời' };
/** The hotline's own stages; the other two are the lead agency's. */
const HOTLINE_STAGES = new Set(['triage', 'review']);

const pad = (n: number) => String(n).padStart(2, '0');
/** 'HH:mm dd/MM/yyyy' in Asia/Ho_Chi_Minh (UTC+7 all year). */
export function vnDateTime(at: Date): string {
  const d = new Date(at.getTime() + 7 * 3_600_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function isWorkingDate(date: string, calendar: WorkingCalendar): boolean {
  const kind = calendar.kindOf(date);
  if (kind === 'working_day') return true;
  if (kind) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Has 75 % of the stage's working time passed at `now`? (A stage of no working time at all: yes.) */
export function reminderDue(run: { stageStartedAt: Date; stageDueAt: Date }, now: Date, calendar: WorkingCalendar): boolean {
  const total = workingMinutesBetween(run.stageStartedAt, run.stageDueAt, calendar);
  const left = workingMinutesBetween(now, run.stageDueAt, calendar);
  return left <= total * (1 - REMINDER_AT);
}

export interface AlertsResult {
  reminder: number;
  due: number;
  overdue: number;
}

/** One run over every running stage; returns how many alerts this run fired. */
export async function runDeadlineAlerts(deps: DeadlineAlertsDeps, options: { batch?: number; maxBatches?: number } = {}): Promise<AlertsResult> {
  const now = deps.clock.now();
  const batch = options.batch ?? BATCH;
  const maxBatches = options.maxBatches ?? MAX_BATCHES;
  const calendar = await workingCalendarOf(deps.database);
  const result: AlertsResult = { reminder: 0, due: 0, overdue: 0 };
  const today = localToday(now);
  const overdue = isWorkingDate(today, calendar) ? { day: today, dayStart: new Date(Date.parse(`${today}T00:00:00+07:00`)) } : undefined;

  let after: { dueAt: Date; id: string } | undefined;
  for (let i = 0; i < maxBatches; i++) {
    const runs = await repo.findDueCandidates(deps.database.db, now, overdue, batch, after);
    for (const run of runs) {
      if (await fire(deps, run, 'due', '', now)) result.due++;
      if (overdue && run.stageDueAt < overdue.dayStart && (await fire(deps, run, 'overdue', overdue.day, now))) result.overdue++;
    }
    if (runs.length < batch) break;
    after = { dueAt: runs.at(-1)!.stageDueAt, id: runs.at(-1)!.id };
  }

  const horizon = dueAt(now, REMINDER_HORIZON, calendar);
  after = undefined;
  for (let i = 0; i < maxBatches; i++) {
    const runs = await repo.findReminderCandidates(deps.database.db, now, horizon, batch, after);
    for (const run of runs) if (reminderDue(run, now, calendar) && (await fire(deps, run, 'reminder', '', now))) result.reminder++;
    if (runs.length < batch) break;
    after = { dueAt: runs.at(-1)!.stageDueAt, id: runs.at(-1)!.id };
  }
  return result;
}

/** Fires one alert in its own transaction, unless it already fired or the stage moved on since it was read. */
async function fire(deps: DeadlineAlertsDeps, run: repo.StageRun, kind: AlertKind, day: string, now: Date): Promise<boolean> {
  return tx(deps.database, async (t) => {
    const current = await repo.currentStageRun(t, run.id);
    const same =
      current && !current.pausedAt && current.stage === run.stage && current.stageStartedAt.getTime() === run.stageStartedAt.getTime() && current.stageDueAt.getTime() === run.stageDueAt.getTime();
    if (!same) return false;
    const agencyStage = !HOTLINE_STAGES.has(run.stage) && run.leadAgencyId !== null;
    const alertId = await repo.insertAlertOnce(t, {
      ticketId: run.id,
      stage: run.stage,
      stageStartedAt: run.stageStartedAt,
      kind,
      day,
      agencyId: agencyStage ? run.leadAgencyId : null,
      dueAt: run.stageDueAt,
      firedAt: now,
    });
    if (alertId === undefined) return false;
    const unit = agencyStage ? await repo.unitContact(t, run.leadAgencyId!) : undefined;
    const { users, emails } = await recipientsOf(t, run, kind, unit);
    await deliverNotice(t, { ...message(run, kind, unit), users, emails, dedupePrefix: `deadline:${alertId}` }, now);
    return true;
  });
}

/**
 * Who hears of an alert.
 * - The agency's stages (acceptance, answer): reminder → the unit's focal points (and, in the
 *   answer stage, the staff member it is assigned to); due → the same and the unit's head;
 *   overdue → the head and the supervisors. An email-only unit gets every one at its address.
 * - The hotline's stages (triage, review), or a stage without an agency: the supervisors, who
 *   dispatch the hotline's queue (operators are not assigned tickets), for all three.
 * The head is `head_user_id` (in the app, and by email when the account has one) and/or
 * `head_email`. An alert that would reach nobody at the unit goes to the supervisors.
 */
async function recipientsOf(t: Parameters<typeof repo.focalPointsOf>[0], run: repo.StageRun, kind: AlertKind, unit: repo.UnitContact | undefined) {
  const users: repo.Recipient[] = [];
  const emails: string[] = [];
  if (!unit) {
    users.push(...(await repo.activeUsersWithRole(t, 'supervisor')));
    return { users, emails };
  }
  const head = unit.headUserId ? await repo.activeUser(t, unit.headUserId) : undefined;
  if (kind === 'reminder' || kind === 'due') {
    users.push(...(await repo.focalPointsOf(t, unit.id)));
    if (run.stage === 'answer' && run.assigneeId) {
      const assignee = await repo.activeUser(t, run.assigneeId);
      if (assignee) users.push(assignee);
    }
  }
  if (kind === 'due' || kind === 'overdue') {
    if (head) users.push(head);
    if (unit.headEmail) emails.push(unit.headEmail);
  }
  if (kind === 'overdue') users.push(...(await repo.activeUsersWithRole(t, 'supervisor')));
  if (unit.emailOnly && unit.email) emails.push(unit.email);
  // A unit with nobody to tell (no focal point, no head, no address): the supervisors, so the alert is not lost.
  if (users.length === 0 && emails.length === 0) users.push(...(await repo.activeUsersWithRole(t, 'supervisor')));
  return { users, emails };
}

function message(run: repo.StageRun, kind: AlertKind, unit: repo.UnitContact | undefined): Pick<Notice, 'kind' | 'ticketId' | 'title' | 'body' | 'data'> {
  const stage = STAGE_VI[run.stage] ?? run.stage;
  const due = vnDateTime(run.stageDueAt);
  const who = unit ? ` (${unit.name})` : ' (Tổng đài 1022)';
  const texts: Record<AlertKind, { title: string; body: string }> = {
    reminder: { title: `Sắp đến hạn: phiếu ${run.code}`, body: `Phiếu ${run.code} "${run.title}" sắp đến hạn ${stage}${who}: hạn lúc ${due}.` },
    due: { title: `Đến hạn: phiếu ${run.code}`, body: `Phiếu ${run.code} "${run.title}" đã đến hạn ${stage}${who} lúc ${due}.` },
    overdue: { title: `Quá hạn: phiếu ${run.code}`, body: `Phiếu ${run.code} "${run.title}" đã quá hạn ${stage}${who}; hạn là ${due}. Đề nghị chỉ đạo xử lý.` },
  };
  return { kind: `deadline.${kind}`, ticketId: run.id, ...texts[kind], data: { stage: run.stage, dueAt: run.stageDueAt.toISOString(), agencyCode: unit?.code ?? null } };
}
