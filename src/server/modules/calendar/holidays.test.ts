import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  calendarExceptions, loadOfficialBreaks, statutoryHolidays,
  type CalendarException, type OfficialBreak,
} from './holidays.ts';

const breaks = loadOfficialBreaks();

/** Whether a date is a working day, by the plain weekday rule and the exceptions. */
function isWorking(date: string, exceptions: CalendarException[]): boolean {
  const e = exceptions.find((x) => x.date === date);
  if (e) return e.kind === 'working_day';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const kindsOf = (exceptions: CalendarException[]): Record<string, string> =>
  Object.fromEntries(exceptions.map((e) => [e.date, e.kind]));

describe('calendarExceptions with the announced breaks', () => {
  it('2024: Tết off 8–14 February, the 30/4 swap with make-up Saturday 4 May, 2/9 and 3/9', () => {
    const days = calendarExceptions(2024, breaks);
    for (const d of range('2024-02-08', '2024-02-14')) expect(isWorking(d, days), d).toBe(false);
    expect(isWorking('2024-02-07', days)).toBe(true);
    expect(isWorking('2024-02-15', days)).toBe(true);
    expect(kindsOf(days)).toMatchObject({
      '2024-01-01': 'holiday', '2024-04-18': 'holiday',
      '2024-04-29': 'day_off', '2024-04-30': 'holiday', '2024-05-01': 'holiday', '2024-05-04': 'working_day',
      '2024-09-02': 'holiday', '2024-09-03': 'holiday',
    });
    expect(isWorking('2024-05-04', days)).toBe(true);
    expect(days.find((e) => e.date === '2024-02-10')?.name).toBe('Tết Nguyên đán');
    expect(days.find((e) => e.date === '2024-04-18')?.source).toBe('Bộ luật Lao động 2019, Điều 112');
    expect(days.find((e) => e.date === '2024-05-04')?.source).toMatch(/^Công văn 2450\/VPCP-KGVX/);
  });

  it('2025: Tết off 25 January–2 February, 30/4–4/5 with make-up Saturday 26 April, 1–2 September', () => {
    const days = calendarExceptions(2025, breaks);
    for (const d of range('2025-01-25', '2025-02-02')) expect(isWorking(d, days), d).toBe(false);
    expect(isWorking('2025-01-24', days)).toBe(true);
    expect(isWorking('2025-02-03', days)).toBe(true);
    for (const d of range('2025-04-30', '2025-05-04')) expect(isWorking(d, days), d).toBe(false);
    expect(kindsOf(days)).toMatchObject({
      '2025-04-07': 'holiday', '2025-04-26': 'working_day', '2025-05-02': 'day_off',
      '2025-09-01': 'holiday', '2025-09-02': 'holiday',
    });
    expect(isWorking('2025-04-26', days)).toBe(true);
  });

  it('2026: New Year swap, Tết 14–22 February, Giỗ Tổ on a Sunday, National Day 29 August–2 September', () => {
    const days = calendarExceptions(2026, breaks);
    expect(kindsOf(days)).toMatchObject({
      '2026-01-01': 'holiday', '2026-01-02': 'day_off', '2026-01-10': 'working_day',
      '2026-04-26': 'holiday', '2026-04-27': 'day_off', '2026-04-30': 'holiday', '2026-05-01': 'holiday',
      '2026-08-22': 'working_day', '2026-08-31': 'day_off', '2026-09-01': 'holiday', '2026-09-02': 'holiday',
    });
    for (const d of range('2026-02-14', '2026-02-22')) expect(isWorking(d, days), d).toBe(false);
    expect(isWorking('2026-02-23', days)).toBe(true);
    expect(days.find((e) => e.date === '2026-04-27')?.name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
  });

  it('replaces the defaults of the groups a break covers, compensatory days included', () => {
    // By default Tết 2024 is 9–13 February with compensatory days 14 and 15 February.
    expect(kindsOf(statutoryHolidays(2024))).toMatchObject({ '2024-02-14': 'day_off', '2024-02-15': 'day_off' });
    expect(isWorking('2024-02-15', calendarExceptions(2024, breaks))).toBe(true);
  });

  it('ignores the breaks of other years', () => {
    expect(calendarExceptions(2027, breaks)).toEqual(statutoryHolidays(2027));
  });

  it('keeps the holiday when a break lists another reason on the same date', () => {
    const odd: OfficialBreak = {
      year: 2027, title: 'test', source: 'test', covers: [],
      days: [{ date: '2027-01-01', kind: 'day_off', name: 'x', nameEn: 'x' }],
    };
    const days = calendarExceptions(2027, [odd]);
    expect(days.filter((e) => e.date === '2027-01-01')).toEqual([
      expect.objectContaining({ kind: 'holiday', name: 'Tết Dương lịch' }),
    ]);
  });
});

describe('statutoryHolidays (no announced break)', () => {
  it('2033: every holiday on a weekend gives the next free weekday off', () => {
    expect(statutoryHolidays(2033).map((e) => [e.date, e.kind, e.name])).toEqual([
      ['2033-01-01', 'holiday', 'Tết Dương lịch'],
      ['2033-01-03', 'day_off', 'Nghỉ bù Tết Dương lịch'],
      ['2033-01-30', 'holiday', 'Tết Nguyên đán'],
      ['2033-01-31', 'holiday', 'Tết Nguyên đán'],
      ['2033-02-01', 'holiday', 'Tết Nguyên đán'],
      ['2033-02-02', 'holiday', 'Tết Nguyên đán'],
      ['2033-02-03', 'holiday', 'Tết Nguyên đán'],
      ['2033-02-04', 'day_off', 'Nghỉ bù Tết Nguyên đán'],
      ['2033-04-09', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
      ['2033-04-11', 'day_off', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
      ['2033-04-30', 'holiday', 'Ngày Chiến thắng (30/4)'],
      ['2033-05-01', 'holiday', 'Ngày Quốc tế Lao động (1/5)'],
      ['2033-05-02', 'day_off', 'Nghỉ bù Ngày Chiến thắng'],
      ['2033-05-03', 'day_off', 'Nghỉ bù Quốc tế Lao động'],
      ['2033-09-01', 'holiday', 'Quốc khánh (ngày liền kề)'],
      ['2033-09-02', 'holiday', 'Quốc khánh (2/9)'],
    ]);
    expect(statutoryHolidays(2033).find((e) => e.kind === 'day_off')?.source).toBe('Bộ luật Lao động 2019, Điều 111 khoản 3');
  });

  it('2034: a compensatory day skips the holidays that follow (30/4 on Sunday, 1/5 on Monday)', () => {
    expect(kindsOf(statutoryHolidays(2034))).toMatchObject({
      '2034-01-01': 'holiday', '2034-01-02': 'day_off',
      '2034-02-18': 'holiday', '2034-02-22': 'holiday', '2034-02-23': 'day_off', '2034-02-24': 'day_off',
      '2034-04-30': 'holiday', '2034-05-01': 'holiday', '2034-05-02': 'day_off',
      '2034-09-01': 'holiday', '2034-09-02': 'holiday', '2034-09-04': 'day_off',
    });
  });

  it('matches what was announced where an announcement only confirmed the rule (2023: 29/4–3/5)', () => {
    const days = calendarExceptions(2023, breaks);
    for (const d of range('2023-04-29', '2023-05-03')) expect(isWorking(d, days), d).toBe(false);
    expect(isWorking('2023-05-04', days)).toBe(true);
  });

  it.each([
    [2024, 'Monday', '2024-09-03'], [2025, 'Tuesday', '2025-09-01'], [2026, 'Wednesday', '2026-09-01'],
    [2027, 'Thursday', '2027-09-03'], [2022, 'Friday', '2022-09-01'], [2023, 'Saturday', '2023-09-01'],
    [2029, 'Sunday', '2029-09-03'],
  ])('picks the day next to 2/9 in %i (2/9 on a %s): %s', (year, _weekday, expected) => {
    const nationalDay = statutoryHolidays(year).filter((e) => e.kind === 'holiday' && e.name.startsWith('Quốc khánh'));
    expect(nationalDay.map((e) => e.date)).toContain(expected);
    expect(nationalDay).toHaveLength(2);
  });

  it('gives 2/9 alone before 2021, under the Labour Code 2012', () => {
    const days = statutoryHolidays(2020);
    expect(days.filter((e) => e.date.startsWith('2020-09'))).toEqual([
      expect.objectContaining({ date: '2020-09-02', kind: 'holiday', source: 'Bộ luật Lao động 2012, Điều 115' }),
    ]);
  });

  it('always has 11 holidays, a compensatory day per weekend holiday, sorted unique dates', () => {
    fc.assert(fc.property(fc.integer({ min: 2021, max: 2199 }), (year) => {
      const days = statutoryHolidays(year);
      const holidays = days.filter((e) => e.kind === 'holiday');
      const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
      expect(holidays).toHaveLength(11);
      const offs = days.filter((e) => e.kind === 'day_off');
      expect(offs).toHaveLength(holidays.filter((e) => weekend(e.date)).length);
      for (const e of offs) expect(weekend(e.date)).toBe(false);
      const dates = days.map((e) => e.date);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      for (const d of dates) expect(d.startsWith(`${year}-`)).toBe(true);
    }), { numRuns: 60 });
  });

  it('refuses years it has no rules for', () => {
    expect(() => statutoryHolidays(2013)).toThrow(RangeError);
    expect(() => statutoryHolidays(2200)).toThrow(RangeError);
  });
});

describe('loadOfficialBreaks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'official-breaks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const good = {
    year: 2025, title: 'Tết Ất Tỵ 2025', source: 'Công văn 8726/VPCP-KGVX', covers: ['tet'],
    days: [{ date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán', nameEn: 'Lunar New Year' }],
  };
  const withDay = (day: object) => ({ ...good, days: [...good.days, { ...good.days[0], ...day }] });

  it('reads the shipped file: 2020–2026, every date inside its year, names in NFC', () => {
    expect(new Set(breaks.map((b) => b.year))).toEqual(new Set([2020, 2021, 2022, 2023, 2024, 2025, 2026]));
    for (const b of breaks) {
      for (const d of b.days) {
        expect(d.date.startsWith(`${b.year}-`)).toBe(true);
        expect(d.name).toBe(d.name.normalize('NFC'));
      }
    }
  });

  it('reads a valid file', () => {
    expect(loadOfficialBreaks(write('good.json', [good]))).toEqual([good]);
  });

  it('refuses an impossible date and names the entry', () => {
    const file = write('bad-date.json', [good, withDay({ date: '2025-02-30' })]);
    expect(() => loadOfficialBreaks(file)).toThrow(/entry 2 \(2025 "Tết Ất Tỵ 2025"\): 2025-02-30 is not a calendar date/);
  });

  it('refuses a date outside its year', () => {
    const file = write('other-year.json', [withDay({ date: '2024-12-31' })]);
    expect(() => loadOfficialBreaks(file)).toThrow(/entry 1 .*2024-12-31 is outside 2025/);
  });

  it('refuses a malformed date, an unknown kind or group, and a make-up day on a weekday', () => {
    expect(() => loadOfficialBreaks(write('short.json', [withDay({ date: '2025-2-3' })]))).toThrow(/entry 1: days\.1\.date: must be YYYY-MM-DD/);
    expect(() => loadOfficialBreaks(write('kind.json', [withDay({ date: '2025-01-28', kind: 'off' })]))).toThrow(/entry 1: days\.1\.kind/);
    expect(() => loadOfficialBreaks(write('group.json', [{ ...good, covers: ['christmas'] }]))).toThrow(/entry 1: covers\.0/);
    expect(() => loadOfficialBreaks(write('weekday.json', [withDay({ date: '2025-02-05', kind: 'working_day' })])))
      .toThrow(/2025-02-05 is a make-up working day but not a Saturday or Sunday/);
  });

  it('refuses two breaks of one year covering the same group', () => {
    const file = write('twice.json', [good, { ...good, title: 'again' }]);
    expect(() => loadOfficialBreaks(file)).toThrow(/entry 2 \(2025 "again"\): covers tet, already covered/);
  });

  it('refuses a file that is not a JSON array', () => {
    expect(() => loadOfficialBreaks(write('object.json', { breaks: [] }))).toThrow(/must be a JSON array/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{');
    expect(() => loadOfficialBreaks(broken)).toThrow(/cannot read JSON/);
  });
});
