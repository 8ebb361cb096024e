/**
 * The pure parsers and normalisers of `npm run test:fuzz`, each with what must hold whatever it
 * is given: phone numbers, citizen IDs, Vietnamese text, dates (the local date of an instant,
 * lunar conversions, a year's holidays), deadlines in working time, and the check that judges an
 * uploaded file by its bytes. A refusal is a RangeError (or an empty answer); any other
 * exception, or a broken promise of the function's own documentation, is a failure.
 */
import fc from 'fast-check';
import { validateCitizenId } from '../src/common/citizen-id.ts';
import { normalizePhone, phoneKind, phoneSearchForms } from '../src/common/phone.ts';
import { cleanText, foldVietnamese } from '../src/common/text.ts';
import { localToday } from '../src/server/lib/time.ts';
import { bufferReader, detectFileKind, FILE_KINDS } from '../src/server/modules/attachments/file-types.ts';
import { DUE_LIMITS } from '../src/server/modules/calendar/calendar.service.ts';
import { HOLIDAY_YEARS, statutoryHolidays } from '../src/server/modules/calendar/holidays.ts';
import { LUNAR_CALENDAR_YEARS, lunarToSolar, solarToLunar } from '../src/server/modules/calendar/lunar-calendar.ts';
import { buildWorkingCalendar, dueAt, isWorkingMoment, workingMinutesBetween, type WorkingCalendar } from '../src/server/modules/calendar/working-time.ts';
import { dateLike, fileContent, hostile, numberLike } from './fuzz-inputs.ts';

/** Fails unless `err` is the documented refusal. */
const refusal = (err: unknown) => {
  if (!(err instanceof RangeError)) throw err;
};
const expect = (holds: boolean, what: string) => {
  if (!holds) throw new Error(what);
};

const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), hostile, dateLike, numberLike);
const phoneLike = fc.oneof(anyString, fc.stringMatching(/^(\+|00)?(84)?0?[0-9 .()-]{6,14}$/));

const phones = fc.property(phoneLike, (s) => {
  const normalized = normalizePhone(s);
  if (normalized === null) return expect(phoneKind(s) === null && phoneSearchForms(s).length === 0, 'an implausible number has a kind or search forms');
  expect(normalizePhone(normalized) === normalized, `not idempotent: ${normalized}`);
  expect(/^(\+84\d{9,10}|\d{3,10})$/.test(normalized), `not E.164 nor a service number: ${normalized}`);
  expect(phoneSearchForms(s).includes(normalized), 'the search forms miss the number itself');
});

const citizenIds = fc.property(fc.oneof(anyString, fc.stringMatching(/^\s*\d{9,13}\s*$/)), (s) => {
  const result = validateCitizenId(s, new Date('2026-12-01T00:00:00Z'));
  if (result.ok) expect(/^\d{12}$/.test(result.value) && result.birthYear <= 2026, `accepted ${JSON.stringify(s)} as ${result.value}`);
  else expect(result.reason.length > 0, 'a refusal without its reason');
});

const texts = fc.property(anyString, fc.nat({ max: 300 }), (s, maxLength) => {
  const cleaned = cleanText(s, { maxLength });
  expect(cleaned === cleaned.normalize('NFC'), 'cleaned text is not NFC');
  expect(Array.from(cleaned).length <= maxLength, 'cleaned text is longer than asked');
  // eslint-disable-next-line no-control-regex
  expect(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(cleaned), 'cleaned text keeps a control character');
  const folded = foldVietnamese(s);
  expect(foldVietnamese(folded) === folded, `folding is not idempotent: ${JSON.stringify(folded)}`);
  expect(!/[\u0300-\u036fđĐ]/.test(folded.normalize('NFD')), 'folded text keeps a mark or đ');
});

const instants = fc.property(fc.oneof(fc.date(), dateLike.map((v) => new Date(v)), fc.double().map((n) => new Date(n))), (at) => {
  // Viet Nam is UTC+7 all year: the local day is the UTC day of the instant seven hours later.
  const later = new Date(at.getTime() + 7 * 3_600_000);
  const writable = later.getUTCFullYear() >= 0 && later.getUTCFullYear() <= 9999;
  try {
    const today = localToday(at);
    expect(writable && today === later.toISOString().slice(0, 10), `local day ${today} of ${String(at)}`);
  } catch (err) {
    refusal(err);
    expect(!writable, `no local day for ${String(at)}`);
  }
});

const lunar = fc.property(fc.integer({ min: -10, max: 2300 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 32 }), fc.boolean(), (year, month, day, leap) => {
  try {
    const solar = lunarToSolar({ year, month, day, leap });
    // The last lunar months of 2199 fall in 2200, past what the solar side converts.
    if (solar.year > LUNAR_CALENDAR_YEARS.max) return;
    const back = solarToLunar(solar);
    expect(back.year === year && back.month === month && back.day === day && back.leap === leap, `lunar ${year}-${month}-${day}${leap ? ' leap' : ''} comes back as ${JSON.stringify(back)}`);
  } catch (err) {
    refusal(err);
    const inRange = year >= LUNAR_CALENDAR_YEARS.min && year <= LUNAR_CALENDAR_YEARS.max && month >= 1 && month <= 12 && day >= 1 && day <= 29 && !leap;
    expect(!inRange, `refused an ordinary lunar date ${year}-${month}-${day}: ${String(err)}`);
  }
});

const holidays = fc.property(fc.oneof(fc.integer({ min: 1900, max: 2300 }), fc.double()), (year) => {
  let days;
  try {
    days = statutoryHolidays(year);
  } catch (err) {
    refusal(err);
    return expect(!(Number.isInteger(year) && year >= HOLIDAY_YEARS.min && year <= HOLIDAY_YEARS.max), `refused year ${year}`);
  }
  expect(days.length >= 10 && days.every((d) => d.date.startsWith(`${year}-`)), `year ${year}: ${days.length} days off, or one of another year`);
  expect(days.every((d, i) => i === 0 || d.date > days[i - 1]!.date), `year ${year}: days off not in order or listed twice`);
});

const KINDS = ['holiday', 'day_off', 'working_day'] as const;
const calendar = fc
  .tuple(
    fc.array(fc.record({ date: fc.oneof(fc.date({ min: new Date('2025-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), dateLike), kind: fc.constantFrom(...KINDS) }), { maxLength: 30 }),
    fc.option(fc.array(fc.record({ from: fc.oneof(fc.constantFrom('07:00', '11:30', '13:30', '17:00', '24:00', '00:00'), fc.string({ maxLength: 6 })), to: fc.oneof(fc.constantFrom('11:30', '13:30', '17:00', '24:00', '07:00'), fc.string({ maxLength: 6 })) }), { maxLength: 3 }), { nil: undefined }),
  )
  .map(([exceptions, hours]): WorkingCalendar | RangeError => {
    try {
      return buildWorkingCalendar(exceptions, hours);
    } catch (err) {
      refusal(err);
      return err as RangeError;
    }
  });
const duration = fc.oneof(
  fc.oneof(fc.integer({ min: 1, max: DUE_LIMITS.workingDays }), fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY)).map((n) => ({ workingDays: n })),
  fc.oneof(fc.double({ min: 1 / 60, max: DUE_LIMITS.workingHours, noNaN: true }), fc.constantFrom(0, -2, Number.NaN, Number.POSITIVE_INFINITY)).map((n) => ({ workingHours: n })),
);
const deadlines = fc.property(fc.oneof(fc.date({ min: new Date('2025-01-01'), max: new Date('2028-06-30') }), dateLike.map((v) => new Date(v))), duration, calendar, (start, d, cal) => {
  if (cal instanceof RangeError) return;
  let due: Date;
  try {
    due = dueAt(start, d, cal);
  } catch (err) {
    return refusal(err);
  }
  expect(due.getTime() > start.getTime(), `due ${due.toISOString()} not after the start ${start.toISOString()}`);
  expect(isWorkingMoment(new Date(due.getTime() - 1), cal), `due ${due.toISOString()} is not at or inside office hours of a working day`);
  if ('workingHours' in d) {
    const minutes = workingMinutesBetween(start, due, cal);
    expect(Math.abs(minutes - Math.ceil(d.workingHours * 3_600_000) / 60_000) < 1e-6, `${d.workingHours} working hours from ${start.toISOString()} hold ${minutes} minutes`);
  }
});

const accepted = new Set<string>(Object.values(FILE_KINDS).map((k) => k.mediaType));
const fileKinds = fc.asyncProperty(fileContent, async (buf) => {
  const kind = await detectFileKind(bufferReader(buf), buf.length);
  expect(kind === undefined || accepted.has(kind.mediaType), `an unknown kind ${JSON.stringify(kind)}`);
});

/** Runs every property `runs` times (the lunar and holiday ones, which compute the sky, a tenth as often); the failures, each with its counterexample and seed. */
export async function fuzzPure(runs: number, seed: number | undefined): Promise<{ failures: string[]; properties: number }> {
  const failures: string[] = [];
  let properties = 0;
  const check = async <Ts>(name: string, property: fc.IRawProperty<Ts>, numRuns = runs) => {
    properties++;
    const details = await fc.check(property, { numRuns, ...(seed === undefined ? {} : { seed }) });
    if (details.failed) failures.push(`${name}: ${fc.defaultReportMessage(details)?.slice(0, 1500) ?? 'failed'}`);
  };
  await check('phone numbers', phones);
  await check('citizen IDs', citizenIds);
  await check('Vietnamese text', texts);
  await check('the local date of an instant', instants);
  await check('lunar dates', lunar, Math.ceil(runs / 10));
  await check("a year's holidays", holidays, Math.ceil(runs / 10));
  await check('deadlines in working time', deadlines);
  await check('the kind of an uploaded file', fileKinds);
  return { failures, properties };
}
