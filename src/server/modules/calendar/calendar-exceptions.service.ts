/**
 * Administrators keep the exceptions to "Monday–Friday work": public holidays, official days
 * off and make-up working days. Rows they write are theirs (origin 'admin'), so the reference
 * loader never overwrites them. A change counts for the very next deadline: the deadline clock's
 * cached calendar is dropped after each commit (and other copies of the server notice by the
 * deadline settings version, which a trigger raises).
 */
import { tx, type Database } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { localToday } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { CALENDAR_YEARS, CLEARED_CALENDAR_DATES_KEY } from '../reference/reference.service.ts';
import * as repo from './calendar.repository.ts';
import { forgetWorkingCalendar } from './calendar.service.ts';
import type { CalendarDayKind } from './holidays.ts';

export interface CalendarAdminDeps {
  database: Database;
  clock: Clock;
}

export interface CalendarException {
  date: string;
  kind: CalendarDayKind;
  name: string;
  nameEn: string;
  source: string;
  origin: 'reference' | 'admin';
}

export interface CalendarExceptionInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
  nameEn?: string | undefined;
  source: string;
}

type Issue = { path: string; message: string };

const KIND_VI: Record<CalendarDayKind, string> = { holiday: 'ngày lễ', day_off: 'ngày nghỉ', working_day: 'ngày làm bù' };
const vnDate = (date: string) => date.split('-').reverse().join('/');
const toView = (r: Awaited<ReturnType<typeof repo.listExceptions>>[number]): CalendarException => ({ ...r, kind: r.kind as CalendarDayKind, origin: r.origin as CalendarException['origin'] });

/** The weekday (0 Sunday … 6 Saturday) of a real YYYY-MM-DD date, or undefined when there is no such date. */
function weekdayOf(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return at.toISOString().slice(0, 10) === date ? at.getUTCDay() : undefined;
}

/**
 * Cleans the rows and lists every problem, each naming its row: a date that does not exist, a
 * year outside the calendar the product covers, a make-up working day that is not a Saturday or
 * Sunday, a date listed twice with different kinds, a blank name or source.
 */
function checkRows(items: CalendarExceptionInput[], pathOf: (i: number, field: string) => string) {
  const issues: Issue[] = [];
  const rows = items.map((item) => {
    const name = item.name.normalize('NFC').trim();
    return { date: item.date, kind: item.kind, name, nameEn: item.nameEn?.normalize('NFC').trim() || name, source: item.source.normalize('NFC').trim() };
  });
  const seen = new Map<string, { index: number; kind: CalendarDayKind }>();
  rows.forEach((row, i) => {
    const weekday = weekdayOf(row.date);
    const year = Number(row.date.slice(0, 4));
    if (weekday === undefined) issues.push({ path: pathOf(i, 'date'), message: `Ngày ${row.date} không tồn tại.` });
    else if (year < CALENDAR_YEARS.from || year > CALENDAR_YEARS.to) {
      issues.push({ path: pathOf(i, 'date'), message: `Ngày ${vnDate(row.date)} ngoài các năm ${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to} mà lịch làm việc bao gồm.` });
    } else if (row.kind === 'working_day' && weekday !== 0 && weekday !== 6) {
      issues.push({ path: pathOf(i, 'kind'), message: `Ngày làm bù ${vnDate(row.date)} không phải thứ Bảy hay Chủ nhật (ngày thường vốn đã là ngày làm việc).` });
    }
    const earlier = seen.get(row.date);
    if (earlier && earlier.kind !== row.kind) {
      issues.push({ path: pathOf(i, 'date'), message: `Ngày ${vnDate(row.date)} đã có trong danh sách (dòng ${earlier.index + 1}) là ${KIND_VI[earlier.kind]}, không thể đồng thời là ${KIND_VI[row.kind]}.` });
    } else if (!earlier) seen.set(row.date, { index: i, kind: row.kind });
    if (!row.name) issues.push({ path: pathOf(i, 'name'), message: 'Tên ngày không được để trống.' });
    if (!row.source) issues.push({ path: pathOf(i, 'source'), message: 'Cần ghi căn cứ (quyết định, thông báo).' });
  });
  if (issues.length) throw new AppError('calendar.invalid_days', { detail: issues.map((e) => e.message).join(' '), errors: issues });
  // A date listed twice with the same kind: the last row wins.
  return [...new Map(rows.map((r) => [r.date, r])).values()];
}

/** The exceptions of one calendar year (default: this year), by date. */
export async function listCalendarExceptions(deps: CalendarAdminDeps, year = Number(localToday(deps.clock.now()).slice(0, 4))): Promise<CalendarException[]> {
  return (await repo.listExceptions(deps.database.db, `${year}-01-01`, `${year}-12-31`)).map(toView);
}

/** Writes the rows all at once or not at all, audited, and drops the cached working calendar. */
async function save(deps: CalendarAdminDeps, actor: Actor, rows: ReturnType<typeof checkRows>, action: string): Promise<CalendarException[]> {
  const now = deps.clock.now();
  const dates = rows.map((r) => r.date);
  const saved = await tx(deps.database, async (t) => {
    const before = new Map((await repo.lockExceptions(t, dates)).map((r) => [r.date, r]));
    await repo.upsertExceptions(t, rows);
    await repo.removeFromDateList(t, CLEARED_CALENDAR_DATES_KEY, dates);
    const changes = Object.fromEntries(
      rows.map((r) => {
        const b = before.get(r.date);
        return [r.date, { from: b ? { kind: b.kind, name: b.name, source: b.source, origin: b.origin } : null, to: { kind: r.kind, name: r.name, source: r.source } }];
      }),
    );
    const entityId = rows.length === 1 ? rows[0]!.date : null;
    await recordAudit(t, toAuditActor(actor), { action, entityType: 'calendar_day', entityId, changes }, now);
    return repo.lockExceptions(t, dates);
  });
  forgetWorkingCalendar(deps.database);
  return saved.map(toView).sort((a, b) => a.date.localeCompare(b.date));
}

/** Sets one date's exception (a new one or a replacement); refused with 422 `calendar.invalid_days`. */
export async function setCalendarException(deps: CalendarAdminDeps, actor: Actor, date: string, input: Omit<CalendarExceptionInput, 'date'>): Promise<CalendarException> {
  const rows = checkRows([{ ...input, date }], (_i, field) => field);
  return (await save(deps, actor, rows, 'calendar_day.set'))[0]!;
}

/**
 * Imports a list all or nothing: one bad row refuses the whole list with 422
 * `calendar.invalid_days`, each bad row named (`items.3.date`), and nothing is saved.
 */
export async function importCalendarExceptions(deps: CalendarAdminDeps, actor: Actor, items: CalendarExceptionInput[]): Promise<CalendarException[]> {
  const rows = checkRows(items, (i, field) => `items.${i}.${field}`);
  return save(deps, actor, rows, 'calendar_day.imported');
}

/**
 * Removes a date's exception: the date follows the plain rule again (Monday–Friday work). The
 * date is remembered as cleared, so the reference loader does not write a shipped row there again
 * (until an administrator sets the date once more).
 */
export async function deleteCalendarException(deps: CalendarAdminDeps, actor: Actor, date: string): Promise<void> {
  if (weekdayOf(date) === undefined) throw new AppError('calendar.invalid_days', { detail: `Ngày ${date} không tồn tại.`, errors: [{ path: 'date', message: `Ngày ${date} không tồn tại.` }] });
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    const [before] = await repo.lockExceptions(t, [date]);
    if (!before || !(await repo.deleteException(t, date))) throw new AppError('resource.not_found', { detail: `Ngày ${vnDate(date)} không có trong danh sách ngày nghỉ, ngày làm bù.` });
    await repo.addToDateList(t, CLEARED_CALENDAR_DATES_KEY, [date]);
    const changes = { [date]: { from: { kind: before.kind, name: before.name, source: before.source, origin: before.origin }, to: null } };
    await recordAudit(t, toAuditActor(actor), { action: 'calendar_day.deleted', entityType: 'calendar_day', entityId: date, changes }, now);
  });
  forgetWorkingCalendar(deps.database);
}
