import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarExceptions, loadOfficialBreaks } from './holidays.ts';
import { buildWorkingCalendar, dueAt, isWorkingMoment, workingMinutesBetween, type WorkingCalendar } from './working-time.ts';

const breaks = loadOfficialBreaks();
/** The real calendar: statutory holidays and the announced breaks, 2024–2028. */
const calendar = buildWorkingCalendar([2024, 2025, 2026, 2027, 2028].flatMap((year) => calendarExceptions(year, breaks)));

/** A local time in Asia/Ho_Chi_Minh, 'YYYY-MM-DD HH:MM'. */
const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const days = (start: string, n: number) => dueAt(vn(start), { workingDays: n }, calendar);
const hours = (start: string, n: number) => dueAt(vn(start), { workingHours: n }, calendar);

describe('dueAt in working days', () => {
  it('ends at 17:00 on the Nth working day after the start date, the start day not counted', () => {
    expect(days('2025-03-03 10:00', 1)).toEqual(vn('2025-03-04 17:00'));
    expect(days('2025-03-03 06:00', 1)).toEqual(vn('2025-03-04 17:00'));
    expect(days('2025-03-03 10:00', 5)).toEqual(vn('2025-03-10 17:00'));
    expect(days('2025-03-03 10:00', 10)).toEqual(vn('2025-03-17 17:00'));
  });

  it('skips the weekend for a start on Friday evening, Saturday or Sunday', () => {
    expect(days('2025-03-07 20:00', 1)).toEqual(vn('2025-03-10 17:00'));
    expect(days('2025-03-08 09:00', 1)).toEqual(vn('2025-03-10 17:00'));
    expect(days('2025-03-09 23:59', 1)).toEqual(vn('2025-03-10 17:00'));
    expect(days('2025-03-09 23:59', 2)).toEqual(vn('2025-03-11 17:00'));
  });

  it('skips the Tết 2025 break (25/1–2/2), whether the start is before or inside it', () => {
    expect(days('2025-01-24 10:00', 1)).toEqual(vn('2025-02-03 17:00'));
    expect(days('2025-01-23 10:00', 2)).toEqual(vn('2025-02-03 17:00'));
    expect(days('2025-01-29 09:00', 1)).toEqual(vn('2025-02-03 17:00'));
    expect(days('2025-01-22 10:00', 5)).toEqual(vn('2025-02-05 17:00'));
  });

  it('skips the Tết 2026 break (14/2–22/2)', () => {
    expect(days('2026-02-13 10:00', 1)).toEqual(vn('2026-02-23 17:00'));
    expect(days('2026-02-12 10:00', 3)).toEqual(vn('2026-02-24 17:00'));
    expect(days('2026-02-18 10:00', 1)).toEqual(vn('2026-02-23 17:00'));
  });

  it('skips Giỗ Tổ Hùng Vương, and its compensatory Monday when it falls on a Sunday', () => {
    expect(days('2025-04-04 10:00', 1)).toEqual(vn('2025-04-08 17:00')); // 7/4/2025 is a Monday
    expect(days('2026-04-24 10:00', 1)).toEqual(vn('2026-04-28 17:00')); // 26/4/2026 Sunday, off Monday 27/4
  });

  it('skips 30/4–1/5 and counts the make-up Saturday as a working day', () => {
    expect(days('2025-04-25 10:00', 1)).toEqual(vn('2025-04-26 17:00'));
    expect(days('2025-04-26 09:00', 1)).toEqual(vn('2025-04-28 17:00'));
    expect(days('2025-04-29 10:00', 1)).toEqual(vn('2025-05-05 17:00'));
    expect(days('2026-04-29 10:00', 1)).toEqual(vn('2026-05-04 17:00'));
  });

  it('skips Quốc khánh (2/9) and its adjacent day, with the 2026 make-up Saturday', () => {
    expect(days('2025-08-29 10:00', 1)).toEqual(vn('2025-09-03 17:00'));
    expect(days('2026-08-21 10:00', 1)).toEqual(vn('2026-08-22 17:00'));
    expect(days('2026-08-28 10:00', 1)).toEqual(vn('2026-09-03 17:00'));
  });

  it('skips New Year 2026 (1/1–4/1) and counts Saturday 10/1 as a working day', () => {
    expect(days('2025-12-31 10:00', 1)).toEqual(vn('2026-01-05 17:00'));
    expect(days('2026-01-09 10:00', 1)).toEqual(vn('2026-01-10 17:00'));
  });
});

describe('dueAt in working hours', () => {
  it('counts office minutes across the lunch break', () => {
    expect(hours('2025-03-03 10:00', 2)).toEqual(vn('2025-03-03 14:00'));
    expect(hours('2025-03-03 12:00', 1)).toEqual(vn('2025-03-03 14:30'));
    expect(hours('2025-03-03 11:30', 1)).toEqual(vn('2025-03-03 14:30'));
  });

  it('counts office minutes across the night, from the next opening when started outside hours', () => {
    expect(hours('2025-03-03 16:00', 2)).toEqual(vn('2025-03-04 08:00'));
    expect(hours('2025-03-03 06:00', 1)).toEqual(vn('2025-03-03 08:00'));
    expect(hours('2025-03-03 17:00', 1)).toEqual(vn('2025-03-04 08:00'));
    expect(hours('2025-03-07 20:00', 1)).toEqual(vn('2025-03-10 08:00'));
    expect(hours('2025-03-08 10:00', 1)).toEqual(vn('2025-03-10 08:00'));
  });

  it('ends at closing time, not the next morning, when the hours run out at 17:00', () => {
    expect(hours('2025-03-03 07:00', 8)).toEqual(vn('2025-03-03 17:00'));
    expect(hours('2025-03-03 07:00', 16)).toEqual(vn('2025-03-04 17:00'));
    expect(hours('2025-03-03 16:00', 1)).toEqual(vn('2025-03-03 17:00'));
  });

  it('skips holidays and counts make-up Saturdays', () => {
    expect(hours('2025-01-24 16:00', 2)).toEqual(vn('2025-02-03 08:00'));
    expect(hours('2026-02-13 15:00', 3)).toEqual(vn('2026-02-23 08:00'));
    expect(hours('2025-04-25 16:00', 2)).toEqual(vn('2025-04-26 08:00'));
    expect(hours('2025-04-26 16:30', 1)).toEqual(vn('2025-04-28 07:30'));
  });

  it('accepts a fraction of an hour (what is left of a paused deadline)', () => {
    expect(hours('2025-03-03 11:00', 0.75)).toEqual(vn('2025-03-03 13:45'));
  });
});

describe('isWorkingMoment and workingMinutesBetween', () => {
  it('says which moments are inside office hours of a working day', () => {
    expect(isWorkingMoment(vn('2025-03-03 07:00'), calendar)).toBe(true);
    expect(isWorkingMoment(vn('2025-03-03 11:29'), calendar)).toBe(true);
    expect(isWorkingMoment(vn('2025-03-03 11:30'), calendar)).toBe(false);
    expect(isWorkingMoment(vn('2025-03-03 12:00'), calendar)).toBe(false);
    expect(isWorkingMoment(vn('2025-03-03 17:00'), calendar)).toBe(false);
    expect(isWorkingMoment(vn('2025-03-08 10:00'), calendar)).toBe(false);
    expect(isWorkingMoment(vn('2025-04-26 10:00'), calendar)).toBe(true);
    expect(isWorkingMoment(vn('2025-01-29 10:00'), calendar)).toBe(false);
    expect(isWorkingMoment(vn('2026-08-31 10:00'), calendar)).toBe(false);
  });

  it('counts only office minutes of working days', () => {
    expect(workingMinutesBetween(vn('2025-03-03 07:00'), vn('2025-03-03 17:00'), calendar)).toBe(480);
    expect(workingMinutesBetween(vn('2025-03-03 11:00'), vn('2025-03-03 14:00'), calendar)).toBe(60);
    expect(workingMinutesBetween(vn('2025-01-24 16:00'), vn('2025-02-03 08:00'), calendar)).toBe(120);
    expect(workingMinutesBetween(vn('2025-03-07 00:00'), vn('2025-03-10 00:00'), calendar)).toBe(480);
    expect(workingMinutesBetween(vn('2025-03-03 14:00'), vn('2025-03-03 10:00'), calendar)).toBe(0);
  });
});

describe('the calendar itself', () => {
  it('takes other office hours', () => {
    const cal = buildWorkingCalendar([], [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '17:00' }]);
    expect(dueAt(vn('2025-03-03 11:00'), { workingHours: 2 }, cal)).toEqual(vn('2025-03-03 14:00'));
    expect(dueAt(vn('2025-03-03 11:00'), { workingDays: 1 }, cal)).toEqual(vn('2025-03-04 17:00'));
  });

  it('refuses malformed office hours, exceptions and durations', () => {
    expect(() => buildWorkingCalendar([], [])).toThrow(RangeError);
    expect(() => buildWorkingCalendar([], [{ from: '13:00', to: '12:00' }])).toThrow(/does not end after/);
    expect(() => buildWorkingCalendar([], [{ from: '08:00', to: '12:00' }, { from: '11:00', to: '17:00' }])).toThrow(/overlaps/);
    expect(() => buildWorkingCalendar([], [{ from: '7:00', to: '12:00' }])).toThrow(/HH:MM/);
    expect(() => buildWorkingCalendar([{ date: '2025-01-01', kind: 'holiday' }, { date: '2025-01-01', kind: 'working_day' }])).toThrow(/both/);
    expect(() => dueAt(vn('2025-03-03 10:00'), { workingDays: 0 }, calendar)).toThrow(RangeError);
    expect(() => dueAt(vn('2025-03-03 10:00'), { workingDays: 1.5 }, calendar)).toThrow(RangeError);
    expect(() => dueAt(vn('2025-03-03 10:00'), { workingHours: -1 }, calendar)).toThrow(RangeError);
    expect(() => dueAt(new Date(Number.NaN), { workingHours: 1 }, calendar)).toThrow(RangeError);
  });

  it('gives up instead of looping on a calendar without working days', () => {
    const never: WorkingCalendar = { officeHours: [{ from: '07:00', to: '17:00' }], kindOf: () => 'holiday' };
    expect(() => dueAt(vn('2025-03-03 10:00'), { workingDays: 1 }, never)).toThrow(/no working day/);
    expect(() => dueAt(vn('2025-03-03 10:00'), { workingHours: 1 }, never)).toThrow(/no working day/);
  });
});

describe('dueAt properties', () => {
  const start = fc.date({ min: vn('2024-06-01 00:00'), max: vn('2027-06-30 00:00'), noInvalidDate: true });
  const duration = fc.oneof(
    fc.integer({ min: 1, max: 60 }).map((n) => ({ workingDays: n })),
    fc.integer({ min: 1, max: 400 }).map((n) => ({ workingHours: n })),
  );

  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(start, start, duration, (a, b, d) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(dueAt(early, d, calendar).getTime()).toBeLessThanOrEqual(dueAt(late, d, calendar).getTime());
      }),
    );
  });

  it('is strictly increasing in N', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 20 }), (s, n, k) => {
        expect(dueAt(s, { workingDays: n }, calendar) < dueAt(s, { workingDays: n + k }, calendar)).toBe(true);
        expect(dueAt(s, { workingHours: n }, calendar) < dueAt(s, { workingHours: n + k }, calendar)).toBe(true);
      }),
    );
  });

  it('falls inside office hours of a working day or at the end of one of its periods, after the start', () => {
    fc.assert(
      fc.property(start, duration, (s, d) => {
        const due = dueAt(s, d, calendar);
        expect(due.getTime()).toBeGreaterThan(s.getTime());
        expect(isWorkingMoment(new Date(due.getTime() - 1), calendar)).toBe(true);
      }),
    );
  });

  it('ends N working days at closing time on a working day', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 60 }), (s, n) => {
        const due = dueAt(s, { workingDays: n }, calendar);
        expect(due.getUTCHours() * 60 + due.getUTCMinutes()).toBe(10 * 60); // 17:00 at UTC+7
        expect(isWorkingMoment(new Date(due.getTime() - 1), calendar)).toBe(true);
      }),
    );
  });

  it('holds exactly h working hours between the start and the due time', () => {
    const workingStart = start.filter((s) => isWorkingMoment(s, calendar));
    fc.assert(
      fc.property(fc.oneof(workingStart, start), fc.integer({ min: 1, max: 400 }), (s, h) => {
        expect(workingMinutesBetween(s, dueAt(s, { workingHours: h }, calendar), calendar)).toBe(h * 60);
      }),
    );
  });

  it('holds on arbitrary calendars too, with make-up days and days off anywhere', () => {
    const exceptions = fc.uniqueArray(
      fc.record({
        date: fc.integer({ min: 0, max: 120 }).map((i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10)),
        kind: fc.constantFrom('holiday' as const, 'day_off' as const, 'working_day' as const),
      }),
      { selector: (e) => e.date, maxLength: 60 },
    );
    const near = fc.date({ min: vn('2024-12-25 00:00'), max: vn('2025-04-30 00:00'), noInvalidDate: true });
    fc.assert(
      fc.property(exceptions, near, near, duration, (ex, a, b, d) => {
        const cal = buildWorkingCalendar(ex);
        const [early, late] = a <= b ? [a, b] : [b, a];
        const dueEarly = dueAt(early, d, cal);
        expect(dueEarly.getTime()).toBeLessThanOrEqual(dueAt(late, d, cal).getTime());
        expect(isWorkingMoment(new Date(dueEarly.getTime() - 1), cal)).toBe(true);
        if ('workingHours' in d) expect(workingMinutesBetween(early, dueEarly, cal)).toBe(d.workingHours * 60);
      }),
    );
  });
});
