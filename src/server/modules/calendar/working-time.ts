/**
 * Working time: the clock that ticket deadlines run on. Pure: no database, no clock; the
 * caller passes the exceptions to the plain rule "Monday–Friday work, Saturday–Sunday off".
 *
 * Local time is Asia/Ho_Chi_Minh, UTC+7 all year (Viet Nam has had no daylight saving time
 * since 1975), so a fixed offset is exact and avoids a time-zone database in the hot path.
 */
import type { CalendarDayKind } from './holidays.ts';

/** One stretch of office hours, local time 'HH:MM' (24:00 allowed as an end). */
export interface OfficePeriod {
  from: string;
  to: string;
}

/** Office hours of public agencies: 07:00–11:30 and 13:30–17:00, eight hours a day. */
export const DEFAULT_OFFICE_HOURS: readonly OfficePeriod[] = Object.freeze([
  Object.freeze({ from: '07:00', to: '11:30' }),
  Object.freeze({ from: '13:30', to: '17:00' }),
]);

/** What counts as working time: office hours on working days. */
export interface WorkingCalendar {
  /** Sorted, non-overlapping periods of one working day, local time. */
  readonly officeHours: readonly OfficePeriod[];
  /**
   * The exception for a local date 'YYYY-MM-DD', if any: holiday and day_off are not working
   * days, working_day is a make-up working day (usually a Saturday). Without an exception,
   * Monday–Friday work and Saturday–Sunday do not.
   */
  kindOf(date: string): CalendarDayKind | undefined;
}

/** A deadline's length: whole working days, or working hours (fractions allowed). */
export type WorkingDuration = { workingDays: number } | { workingHours: number };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh, UTC+7, no daylight saving time. */
const LOCAL_OFFSET_MS = 7 * HOUR_MS;
/** A calendar with no working day in a year is a broken calendar, not a long deadline. */
const MAX_IDLE_DAYS = 366;

const HH_MM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A period as milliseconds after local midnight. */
interface Period {
  open: number;
  close: number;
}

/**
 * A calendar from the exceptions of the years it must cover (for instance the rows of
 * calendar_days, or `calendarExceptions(year, loadOfficialBreaks())` for each year).
 * @throws RangeError when the office hours are malformed, unsorted or overlapping, or a date is
 *   malformed or listed twice with different kinds.
 */
export function buildWorkingCalendar(
  exceptions: ReadonlyArray<{ date: string; kind: CalendarDayKind }>,
  officeHours: readonly OfficePeriod[] = DEFAULT_OFFICE_HOURS,
): WorkingCalendar {
  periodsOf(officeHours);
  const kinds = new Map<string, CalendarDayKind>();
  for (const { date, kind } of exceptions) {
    if (!ISO_DATE.test(date)) throw new RangeError(`calendar exception date "${date}" is not YYYY-MM-DD`);
    const known = kinds.get(date);
    if (known && known !== kind) throw new RangeError(`calendar exception ${date} is listed as both ${known} and ${kind}`);
    kinds.set(date, kind);
  }
  const hours = Object.freeze(officeHours.map((p) => Object.freeze({ from: p.from, to: p.to })));
  return { officeHours: hours, kindOf: (date) => kinds.get(date) };
}

/**
 * When a deadline of `duration` that starts at `start` falls due.
 *
 * Convention:
 * - **N working days** end at the close of office hours (17:00 by default) on the Nth working
 *   day after the start's local date. The start day itself is not counted, whatever the hour,
 *   so a start on a non-working day counts from the next working day. Official days off
 *   (holiday, day_off) are not working days; make-up working days (working_day, usually a
 *   Saturday) are.
 * - **N working hours** count office-hour minutes only, from the start moment; a start outside
 *   office hours starts at the next opening. The result is the earliest moment at which N hours
 *   of office time have passed, so an hour that ends exactly at closing time is due at closing
 *   time, not at the next opening.
 *
 * Either way the result lies inside office hours of a working day or at the end of one of its
 * periods, and `workingMinutesBetween(start, dueAt(start, { workingHours: h })) === h * 60`.
 * @throws RangeError for an invalid start, a duration that is not a positive integer number of
 *   days or a positive number of hours, or a calendar with no working day for a whole year.
 */
export function dueAt(start: Date, duration: WorkingDuration, calendar: WorkingCalendar): Date {
  const t0 = start.getTime();
  if (!Number.isFinite(t0)) throw new RangeError('start is not a valid date');
  const periods = periodsOf(calendar.officeHours);

  if ('workingDays' in duration) {
    const n = duration.workingDays;
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`workingDays must be a positive integer, got ${n}`);
    let day = localDay(t0);
    let counted = 0;
    let idle = 0;
    while (counted < n) {
      day += 1;
      if (isWorkingDay(day, calendar)) {
        counted += 1;
        idle = 0;
      } else if (++idle > MAX_IDLE_DAYS) {
        throw new RangeError(`no working day in the ${MAX_IDLE_DAYS} days after ${isoDateOf(day - idle)}`);
      }
    }
    return new Date(dayStart(day) + periods[periods.length - 1]!.close);
  }

  const hours = duration.workingHours;
  if (!Number.isFinite(hours) || hours <= 0) throw new RangeError(`workingHours must be a positive number, got ${hours}`);
  let remaining = Math.ceil(hours * HOUR_MS);
  let idle = 0;
  for (let day = localDay(t0); ; day++) {
    if (!isWorkingDay(day, calendar)) {
      if (++idle > MAX_IDLE_DAYS) throw new RangeError(`no working day in the ${MAX_IDLE_DAYS} days after ${isoDateOf(day - idle)}`);
      continue;
    }
    idle = 0;
    const base = dayStart(day);
    for (const p of periods) {
      const from = Math.max(t0, base + p.open);
      const to = base + p.close;
      if (from >= to) continue;
      if (remaining <= to - from) return new Date(from + remaining);
      remaining -= to - from;
    }
  }
}

/** Whether `at` is inside office hours (opening included, closing excluded) of a working day. */
export function isWorkingMoment(at: Date, calendar: WorkingCalendar): boolean {
  const t = at.getTime();
  if (!Number.isFinite(t)) return false;
  const day = localDay(t);
  if (!isWorkingDay(day, calendar)) return false;
  const base = dayStart(day);
  return periodsOf(calendar.officeHours).some((p) => t >= base + p.open && t < base + p.close);
}

/**
 * The office-hour minutes of working days between `a` and `b` (0 when `b` is not after `a`);
 * fractional when a bound is not on a whole minute. What is left of a paused deadline.
 */
export function workingMinutesBetween(a: Date, b: Date, calendar: WorkingCalendar): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (!Number.isFinite(ta) || !Number.isFinite(tb)) throw new RangeError('a and b must be valid dates');
  if (tb <= ta) return 0;
  const periods = periodsOf(calendar.officeHours);
  let total = 0;
  for (let day = localDay(ta), last = localDay(tb); day <= last; day++) {
    if (!isWorkingDay(day, calendar)) continue;
    const base = dayStart(day);
    for (const p of periods) total += Math.max(0, Math.min(tb, base + p.close) - Math.max(ta, base + p.open));
  }
  return total / MINUTE_MS;
}

/** Days since 1970-01-01 of the local date of an instant. */
function localDay(t: number): number {
  return Math.floor((t + LOCAL_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight starting a local day. */
function dayStart(day: number): number {
  return day * DAY_MS - LOCAL_OFFSET_MS;
}

function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingDay(day: number, calendar: WorkingCalendar): boolean {
  const kind = calendar.kindOf(isoDateOf(day));
  if (kind === 'working_day') return true;
  if (kind) return false;
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

function periodsOf(officeHours: readonly OfficePeriod[]): Period[] {
  if (officeHours.length === 0) throw new RangeError('office hours must have at least one period');
  const periods = officeHours.map((p) => ({ open: msOfDay(p.from), close: msOfDay(p.to) }));
  periods.forEach((p, i) => {
    const label = `${officeHours[i]!.from}–${officeHours[i]!.to}`;
    if (p.open >= p.close) throw new RangeError(`office period ${label} does not end after it starts`);
    if (i > 0 && p.open < periods[i - 1]!.close) throw new RangeError(`office period ${label} overlaps or precedes the one before`);
  });
  return periods;
}

function msOfDay(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new RangeError(`office time "${hhmm}" is not HH:MM`);
  const hours = Number(m[1] ?? m[3]);
  const minutes = Number(m[2] ?? m[4]);
  return hours * HOUR_MS + minutes * MINUTE_MS;
}
