/**
 * Non-working days of a year for public agencies (Saturday and Sunday are the weekly rest days):
 * the statutory holidays of the Labour Code, the compensatory days it grants when a holiday falls
 * on a weekly rest day, and the yearly breaks the government announces.
 *
 * Rules (see reference/calendar/README.md):
 * - Bộ luật Lao động 2019, Điều 112 (from 2021): 1/1; Tết 5 days; 10/3 lunar; 30/4; 1/5; 2/9 and
 *   one adjacent day. Bộ luật Lao động 2012, Điều 115 (2014–2020): the same but 2/9 alone.
 * - Tết, by default: the last day of the lunar year and lunar 1/1–4/1.
 * - The day next to 2/9, by default: the one that gives the longer run of days off together with
 *   the weekend and compensatory days; on a tie the one on a weekday; then 1/9.
 * - A holiday on a Saturday or Sunday gives the next Monday–Friday that is not already off
 *   (Điều 111 khoản 3 of the 2019 Code; Điều 115 khoản 3 of the 2012 Code).
 * - An announced break replaces, for the groups it covers, the defaults and their compensatory days.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../lib/project-root.ts';
import { z } from 'zod';
import { julianDayNumber, lunarToSolar, solarDateFromJulianDayNumber, type SolarDate } from './lunar-calendar.ts';

export type CalendarDayKind = 'holiday' | 'day_off' | 'working_day';

/** The statutory holidays an announced break can replace. */
export type HolidayGroup = 'new_year' | 'tet' | 'hung_kings' | 'reunification' | 'labour_day' | 'national_day';

export const HOLIDAY_GROUPS = [
  'new_year', 'tet', 'hung_kings', 'reunification', 'labour_day', 'national_day',
] as const satisfies readonly HolidayGroup[];

/** One date that differs from the plain rule "Monday–Friday work, Saturday–Sunday off". */
export interface CalendarException {
  /** 'YYYY-MM-DD', local date in Asia/Ho_Chi_Minh. */
  date: string;
  /**
   * holiday = statutory public holiday; day_off = extra official day off (bridge day,
   * compensatory day); working_day = a make-up working day (usually a Saturday).
   */
  kind: CalendarDayKind;
  /** Vietnamese, NFC, e.g. 'Tết Nguyên đán', 'Nghỉ bù Quốc khánh'. */
  name: string;
  nameEn: string;
  /** The legal basis or the announcing document. */
  source: string;
}

export interface OfficialBreakDay { date: string; kind: CalendarDayKind; name: string; nameEn: string }

/** A break the government announced for one year, replacing the default days of `covers`. */
export interface OfficialBreak {
  year: number;
  title: string;
  source: string;
  days: OfficialBreakDay[];
  covers: HolidayGroup[];
}

/** Years the holiday rules are implemented for: the 2012 Labour Code was in force for all of 2014. */
export const HOLIDAY_YEARS = { min: 2014, max: 2199 } as const;

const DEFAULT_BREAKS_FILE = projectPath('reference', 'calendar', 'official-breaks.json');

interface LabourCode { article: string; compensation: string; nationalDayDays: 1 | 2 }

const CODE_2019: LabourCode = {
  article: 'Bộ luật Lao động 2019, Điều 112',
  compensation: 'Bộ luật Lao động 2019, Điều 111 khoản 3',
  nationalDayDays: 2,
};
const CODE_2012: LabourCode = {
  article: 'Bộ luật Lao động 2012, Điều 115',
  compensation: 'Bộ luật Lao động 2012, Điều 115 khoản 3',
  nationalDayDays: 1,
};

const GROUP_NAMES: Record<HolidayGroup, { name: string; nameEn: string; short: string; shortEn: string }> = {
  new_year: { name: 'Tết Dương lịch', nameEn: "New Year's Day", short: 'Tết Dương lịch', shortEn: "New Year's Day" },
  tet: { name: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)', short: 'Tết Nguyên đán', shortEn: 'Lunar New Year' },
  hung_kings: {
    name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', nameEn: "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)",
    short: 'Giỗ Tổ Hùng Vương', shortEn: "Hùng Kings' Commemoration Day",
  },
  reunification: { name: 'Ngày Chiến thắng (30/4)', nameEn: 'Reunification Day (30 April)', short: 'Ngày Chiến thắng', shortEn: 'Reunification Day' },
  labour_day: { name: 'Ngày Quốc tế Lao động (1/5)', nameEn: 'International Labour Day (1 May)', short: 'Quốc tế Lao động', shortEn: 'International Labour Day' },
  national_day: { name: 'Quốc khánh (2/9)', nameEn: 'National Day (2 September)', short: 'Quốc khánh', shortEn: 'National Day' },
};

const KIND_RANK: Record<CalendarDayKind, number> = { holiday: 0, day_off: 1, working_day: 2 };

/** A holiday of one group on one day (Julian day number). */
interface GroupDay { day: number; group: HolidayGroup; name: string; nameEn: string }

/**
 * The statutory holidays of a year and their compensatory days, as if no break were announced.
 * @throws RangeError for a year outside {@link HOLIDAY_YEARS}.
 */
export function statutoryHolidays(year: number): CalendarException[] {
  return calendarExceptions(year, []);
}

/**
 * The dates of a year that differ from "Monday–Friday work, Saturday–Sunday off": statutory
 * holidays and their compensatory days, with the announced breaks of that year (other years'
 * breaks in `breaks` are ignored) replacing the defaults of the groups they cover. Sorted by date,
 * one entry per date; when reasons collide, a holiday wins over a day off, a day off over a
 * make-up working day, and two holidays on one date share the entry.
 * @throws RangeError for a year outside {@link HOLIDAY_YEARS}.
 */
export function calendarExceptions(year: number, breaks: readonly OfficialBreak[]): CalendarException[] {
  if (!Number.isInteger(year) || year < HOLIDAY_YEARS.min || year > HOLIDAY_YEARS.max) {
    throw new RangeError(`year ${year} is outside ${HOLIDAY_YEARS.min}–${HOLIDAY_YEARS.max}`);
  }
  const code = year >= 2021 ? CODE_2019 : CODE_2012;
  const yearBreaks = breaks.filter((b) => b.year === year);
  const covered = new Set(yearBreaks.flatMap((b) => b.covers));
  const holidays = defaultHolidays(year, code).filter((h) => !covered.has(h.group));

  const entries: Array<CalendarException & { day: number }> = [];
  for (const h of holidays) {
    entries.push({ day: h.day, date: isoDate(h.day), kind: 'holiday', name: h.name, nameEn: h.nameEn, source: code.article });
  }
  for (const b of yearBreaks) {
    for (const d of b.days) {
      if (!d.date.startsWith(`${year}-`)) continue;
      entries.push({ ...d, day: julianDayNumber(parseIsoDate(d.date)), source: b.source });
    }
  }
  const off = new Set(entries.filter((e) => e.kind !== 'working_day').map((e) => e.day));
  for (const c of compensatoryDays(holidays, off)) {
    const names = GROUP_NAMES[c.group];
    entries.push({
      day: c.day, date: isoDate(c.day), kind: 'day_off',
      name: `Nghỉ bù ${names.short}`, nameEn: `Compensatory day off for ${names.shortEn}`, source: code.compensation,
    });
  }
  return mergeByDate(entries);
}

/**
 * Reads and validates the announced breaks (reference/calendar/official-breaks.json by default).
 * @throws Error naming the entry when the file is not valid: a malformed or impossible date, a
 *   date outside the entry's year, a make-up working day on a weekday, a group covered twice.
 */
export function loadOfficialBreaks(file: string = DEFAULT_BREAKS_FILE): OfficialBreak[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!Array.isArray(raw)) throw new Error(`${file}: must be a JSON array of breaks`);
  const breaks = raw.map((entry, i) => parseBreak(entry, `${file}: entry ${i + 1}`));
  const coveredBy = new Map<string, string>();
  breaks.forEach((b, i) => {
    for (const group of b.covers) {
      const key = `${b.year}:${group}`;
      const other = coveredBy.get(key);
      if (other) throw new Error(`${file}: entry ${i + 1} (${b.year} "${b.title}"): covers ${group}, already covered by "${other}"`);
      coveredBy.set(key, b.title);
    }
  });
  return breaks;
}

const textSchema = z.string().trim().min(1).transform((s) => s.normalize('NFC'));
const breakSchema = z.strictObject({
  year: z.int().min(HOLIDAY_YEARS.min).max(HOLIDAY_YEARS.max),
  title: textSchema,
  source: textSchema,
  days: z.array(z.strictObject({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
    kind: z.enum(['holiday', 'day_off', 'working_day']),
    name: textSchema,
    nameEn: textSchema,
  })).min(1),
  covers: z.array(z.enum(HOLIDAY_GROUPS)),
});

function parseBreak(entry: unknown, where: string): OfficialBreak {
  const parsed = breakSchema.safeParse(entry);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
    throw new Error(`${where}: ${issues}`);
  }
  const b = parsed.data;
  const label = `${where} (${b.year} "${b.title}")`;
  const seen = new Set<string>();
  for (const d of b.days) {
    const date = parseIsoDate(d.date);
    if (isoDate(julianDayNumber(date)) !== d.date) throw new Error(`${label}: ${d.date} is not a calendar date`);
    if (date.year !== b.year) throw new Error(`${label}: ${d.date} is outside ${b.year}`);
    if (seen.has(d.date)) throw new Error(`${label}: ${d.date} is listed twice`);
    seen.add(d.date);
    if (d.kind === 'working_day' && !isWeekend(julianDayNumber(date))) {
      throw new Error(`${label}: ${d.date} is a make-up working day but not a Saturday or Sunday`);
    }
  }
  if (new Set(b.covers).size !== b.covers.length) throw new Error(`${label}: covers lists a group twice`);
  return { year: b.year, title: b.title, source: b.source, days: b.days, covers: b.covers };
}

function defaultHolidays(year: number, code: LabourCode): GroupDay[] {
  const at = (group: HolidayGroup, day: number, name = GROUP_NAMES[group].name, nameEn = GROUP_NAMES[group].nameEn): GroupDay =>
    ({ day, group, name, nameEn });
  const tet = julianDayNumber(lunarToSolar({ year, month: 1, day: 1 }));
  const days: GroupDay[] = [
    at('new_year', julianDayNumber({ year, month: 1, day: 1 })),
    ...[-1, 0, 1, 2, 3].map((offset) => at('tet', tet + offset)),
    at('hung_kings', julianDayNumber(lunarToSolar({ year, month: 3, day: 10 }))),
    at('reunification', julianDayNumber({ year, month: 4, day: 30 })),
    at('labour_day', julianDayNumber({ year, month: 5, day: 1 })),
  ];
  const sep2 = julianDayNumber({ year, month: 9, day: 2 });
  days.push(at('national_day', sep2));
  if (code.nationalDayDays === 2) {
    days.push(at('national_day', nationalDayCompanion(sep2), 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'));
  }
  return days;
}

/** 1/9 or 3/9, by the rule in the module comment. */
function nationalDayCompanion(sep2: number): number {
  const score = (companion: number): number => {
    const days = [sep2, companion].map((day) => ({ day, group: 'national_day' as const, name: '', nameEn: '' }));
    const off = new Set([sep2, companion]);
    for (const c of compensatoryDays(days, off)) off.add(c.day);
    let from = sep2;
    let to = sep2;
    while (off.has(from - 1) || isWeekend(from - 1)) from -= 1;
    while (off.has(to + 1) || isWeekend(to + 1)) to += 1;
    return (to - from + 1) * 2 + (isWeekend(companion) ? 0 : 1);
  };
  return score(sep2 + 1) > score(sep2 - 1) ? sep2 + 1 : sep2 - 1;
}

/**
 * For each holiday on a weekend, in date order, the next Monday–Friday not yet off. `off` holds
 * every day already off and receives the compensatory days.
 */
function compensatoryDays(holidays: readonly GroupDay[], off: Set<number>): GroupDay[] {
  const result: GroupDay[] = [];
  for (const h of [...holidays].sort((a, b) => a.day - b.day)) {
    if (!isWeekend(h.day)) continue;
    let day = h.day + 1;
    while (isWeekend(day) || off.has(day)) day += 1;
    off.add(day);
    result.push({ ...h, day });
  }
  return result;
}

function mergeByDate(entries: Array<CalendarException & { day: number }>): CalendarException[] {
  const byDate = new Map<string, CalendarException>();
  for (const e of [...entries].sort((a, b) => a.day - b.day || KIND_RANK[a.kind] - KIND_RANK[b.kind])) {
    const kept = byDate.get(e.date);
    if (!kept) {
      byDate.set(e.date, { date: e.date, kind: e.kind, name: e.name, nameEn: e.nameEn, source: e.source });
    } else if (kept.kind === 'holiday' && e.kind === 'holiday' && kept.name !== e.name) {
      kept.name = `${kept.name}; ${e.name}`;
      kept.nameEn = `${kept.nameEn}; ${e.nameEn}`;
      if (kept.source !== e.source) kept.source = `${kept.source}; ${e.source}`;
    }
  }
  return [...byDate.values()];
}

function isWeekend(day: number): boolean {
  const weekday = (day + 1) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

function isoDate(day: number): string {
  const { year, month, day: d } = solarDateFromJulianDayNumber(day);
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parseIsoDate(text: string): SolarDate {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year ?? NaN, month: month ?? NaN, day: day ?? NaN };
}
