/**
 * The working-day calendar as the public and the deadline clock see it: which dates are
 * working days, and when a deadline of N working days or hours falls due.
 */
import type { Database, Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { CALENDAR_YEARS } from '../reference/reference.service.ts';
import * as repo from './calendar.repository.ts';
import type { CalendarDayKind } from './holidays.ts';
import { buildWorkingCalendar, dueAt, type WorkingCalendar } from './working-time.ts';

const MAX_CALENDAR_SPAN_DAYS = 366 * 2;
const DAY_MS = 86_400_000;
const LOCAL_OFFSET_MS = 7 * 3_600_000;

/** The longest deadline the public endpoint computes. */
export const DUE_LIMITS = { workingDays: 365, workingHours: 2000 } as const;

export interface CalendarDay {
  date: string;
  working: boolean;
  reason: 'weekday' | 'weekend' | 'holiday' | 'day_off' | 'working_day';
  name: string | null;
}

/** Each date from `from` to `to` (inclusive) with whether it is a working day, and why. */
export async function calendarDaysBetween(db: Executor, from: string, to: string, lang: 'vi' | 'en'): Promise<CalendarDay[]> {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!(end >= start)) throw new AppError('request.invalid_parameters', { detail: 'Ngày kết thúc phải sau ngày bắt đầu.' });
  if ((end - start) / DAY_MS > MAX_CALENDAR_SPAN_DAYS) {
    throw new AppError('request.invalid_parameters', { detail: `Khoảng thời gian tối đa ${MAX_CALENDAR_SPAN_DAYS} ngày.` });
  }
  const exceptions = new Map((await repo.listCalendarDays(db, from, to)).map((r) => [r.date, r]));
  const days: CalendarDay[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    const ex = exceptions.get(date);
    const weekday = new Date(t).getUTCDay();
    if (ex) {
      days.push({ date, working: ex.kind === 'working_day', reason: ex.kind as CalendarDay['reason'], name: lang === 'en' ? ex.nameEn : ex.name });
    } else {
      const weekend = weekday === 0 || weekday === 6;
      days.push({ date, working: !weekend, reason: weekend ? 'weekend' : 'weekday', name: null });
    }
  }
  return days;
}

export interface DueRequest {
  /** ISO 8601 date-time. */
  start: string;
  workingDays?: number | undefined;
  workingHours?: number | undefined;
}

export type Due = { start: string; due: string } & ({ workingDays: number } | { workingHours: number });

/**
 * When a deadline of `workingDays` or `workingHours` (exactly one) starting at `start` falls
 * due, by the office hours and the calendar_days table (convention: see `dueAt`).
 * @throws AppError request.invalid_parameters, with a Vietnamese detail, for a bad start, not
 *   exactly one length, a length out of {@link DUE_LIMITS}, or a deadline outside the years the
 *   holiday calendar covers.
 */
export async function computeDue(db: Executor, request: DueRequest): Promise<Due> {
  const { workingDays, workingHours } = request;
  const invalid = (detail: string) => new AppError('request.invalid_parameters', { detail });
  if ((workingDays === undefined) === (workingHours === undefined)) {
    throw invalid('Cần đúng một trong hai tham số workingDays (số ngày làm việc) hoặc workingHours (số giờ làm việc).');
  }
  if (workingDays !== undefined && !(Number.isInteger(workingDays) && workingDays >= 1 && workingDays <= DUE_LIMITS.workingDays)) {
    throw invalid(`Số ngày làm việc phải là số nguyên từ 1 đến ${DUE_LIMITS.workingDays}.`);
  }
  if (workingHours !== undefined && !(Number.isInteger(workingHours) && workingHours >= 1 && workingHours <= DUE_LIMITS.workingHours)) {
    throw invalid(`Số giờ làm việc phải là số nguyên từ 1 đến ${DUE_LIMITS.workingHours}.`);
  }
  const start = new Date(request.start);
  if (Number.isNaN(start.getTime())) throw invalid('Thời điểm bắt đầu không hợp lệ (cần dạng ISO 8601, ví dụ 2025-01-24T10:00:00+07:00).');
  const outOfRange = invalid(`Chỉ tính được hạn trong các năm ${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to}, những năm đã có lịch ngày nghỉ.`);
  const year = localYear(start);
  if (year < CALENDAR_YEARS.from || year > CALENDAR_YEARS.to) throw outOfRange;

  // 365 working days span under a year and a half of calendar time, 2000 hours under a year.
  const rows = await repo.listCalendarDays(db, `${year}-01-01`, `${year + 2}-12-31`);
  const calendar = buildWorkingCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDayKind })));
  const duration = workingDays !== undefined ? { workingDays } : { workingHours: workingHours! };
  const due = dueAt(start, duration, calendar);
  if (localYear(due) > CALENDAR_YEARS.to) throw outOfRange;
  return { start: start.toISOString(), due: due.toISOString(), ...duration };
}

function localYear(at: Date): number {
  return new Date(at.getTime() + LOCAL_OFFSET_MS).getUTCFullYear();
}

/** A calendar and the deadline settings version it was built under. */
interface VersionedCalendar {
  settingsVersion: string;
  calendar: WorkingCalendar;
}

/** One calendar per database and process, rebuilt when the settings version moves (any process may change the days). */
const calendars = new WeakMap<Database, VersionedCalendar>();

/**
 * The working calendar of the whole calendar_days table, for the deadline clock. Cached per
 * process; each call reads the deadline settings version (one small query), so a day off an
 * administrator adds counts from the next deadline on, in every copy of the server.
 * Pass the caller's transaction as `db` when inside one.
 */
export async function workingCalendarOf(database: Database, db: Executor = database.db): Promise<WorkingCalendar> {
  return (await loadWorkingCalendar(database, db)).calendar;
}

async function loadWorkingCalendar(database: Database, db: Executor): Promise<VersionedCalendar> {
  const settingsVersion = await repo.deadlineSettingsVersion(db);
  const cached = calendars.get(database);
  if (cached && cached.settingsVersion === settingsVersion) return cached;
  const rows = await repo.listAllCalendarDays(db);
  const entry = { settingsVersion, calendar: buildWorkingCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDayKind }))) };
  calendars.set(database, entry);
  return entry;
}

/**
 * The calendar as this process last loaded it, with its settings version, without asking the
 * database whether it changed since: for a statement that compares the version itself (ticket
 * creation), whose caller calls forgetWorkingCalendar when it did change.
 */
export async function cachedWorkingCalendar(database: Database): Promise<VersionedCalendar> {
  return calendars.get(database) ?? loadWorkingCalendar(database, database.db);
}

/**
 * Drops this process's cached calendar, so the next deadline is computed on the table as it is
 * now (the settings version would show it too; this makes it certain, and saves the check).
 */
export function forgetWorkingCalendar(database: Database): void {
  calendars.delete(database);
}
