import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  astronomyForTests, julianDayNumber, leapMonthOf, lunarToSolar, lunarYearMonths,
  solarDateFromJulianDayNumber, solarToLunar, type SolarDate,
} from './lunar-calendar.ts';

const iso = (d: SolarDate): string => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const date = (text: string): SolarDate => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

// Tết (1/1 lunar) in Vietnam. 2020–2026 are the dates the holidays were held on; every year
// agrees with Hồ Ngọc Đức's published UTC+7 tables (see reference/calendar/README.md).
const TET: Record<number, string> = {
  2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13',
  2030: '2030-02-02', 2031: '2031-01-23', 2032: '2032-02-11', 2033: '2033-01-31', 2034: '2034-02-19',
  2035: '2035-02-08', 2036: '2036-01-28', 2037: '2037-02-15', 2038: '2038-02-04', 2039: '2039-01-24',
  2040: '2040-02-12',
};

// Giỗ Tổ Hùng Vương (10/3 lunar), as the public holiday was observed or announced.
const HUNG_KINGS: Record<number, string> = {
  2020: '2020-04-02', 2021: '2021-04-21', 2022: '2022-04-10', 2023: '2023-04-29', 2024: '2024-04-18',
  2025: '2025-04-07', 2026: '2026-04-26', 2027: '2027-04-16', 2028: '2028-04-04', 2029: '2029-04-23',
  2030: '2030-04-12',
};

describe('lunarToSolar and solarToLunar', () => {
  it.each(Object.entries(TET))('puts Tết %s on %s', (year, expected) => {
    expect(iso(lunarToSolar({ year: Number(year), month: 1, day: 1 }))).toBe(expected);
    expect(solarToLunar(date(expected))).toEqual({ year: Number(year), month: 1, day: 1, leap: false });
  });

  it.each(Object.entries(HUNG_KINGS))('puts Giỗ Tổ Hùng Vương %s on %s', (year, expected) => {
    expect(iso(lunarToSolar({ year: Number(year), month: 3, day: 10 }))).toBe(expected);
  });

  it('knows the leap months of 2020–2028 and the leap eleventh month of 2033', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2028)).toBe(5);
    for (const year of [2021, 2022, 2024, 2026, 2027]) expect(leapMonthOf(year)).toBeNull();
    expect(leapMonthOf(2033)).toBe(11);
    expect(iso(lunarToSolar({ year: 2033, month: 11, day: 1, leap: true }))).toBe('2033-12-22');
  });

  it('converts days in and around a leap month', () => {
    expect(iso(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true }))).toBe('2023-03-22');
    expect(solarToLunar(date('2023-03-22'))).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar(date('2023-03-21'))).toEqual({ year: 2023, month: 2, day: 30, leap: false });
    expect(iso(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true }))).toBe('2025-07-25');
  });

  it('gives the lunar year the Gregorian year of its Tết, also for the days before Tết', () => {
    expect(solarToLunar(date('2024-02-09'))).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(solarToLunar(date('2025-01-28'))).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(solarToLunar(date('2025-01-01'))).toEqual({ year: 2024, month: 12, day: 2, leap: false });
  });

  it('follows UTC+7, not the Chinese UTC+8 calendar, where the two differ', () => {
    expect(iso(lunarToSolar({ year: 2030, month: 1, day: 1 }))).toBe('2030-02-02');
    expect(iso(lunarToSolar({ year: 2030, month: 1, day: 1 }, 8))).toBe('2030-02-03');
    expect(iso(lunarToSolar({ year: 1985, month: 1, day: 1 }))).toBe('1985-01-21');
    expect(iso(lunarToSolar({ year: 1985, month: 1, day: 1 }, 8))).toBe('1985-02-20');
    expect(iso(lunarToSolar({ year: 1968, month: 1, day: 1 }))).toBe('1968-01-29');
    expect(iso(lunarToSolar({ year: 1968, month: 1, day: 1 }, 8))).toBe('1968-01-30');
  });

  it('refuses lunar dates that do not exist', () => {
    expect(() => lunarToSolar({ year: 2024, month: 4, day: 1, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2024, month: 12, day: 30 })).toThrow(/29 days/);
    expect(() => lunarToSolar({ year: 2024, month: 13, day: 1 })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2024, month: 1, day: 0 })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 1700, month: 1, day: 1 })).toThrow(RangeError);
  });

  it('refuses impossible Gregorian dates', () => {
    expect(() => solarToLunar({ year: 2025, month: 2, day: 29 })).toThrow(RangeError);
    expect(() => solarToLunar({ year: 2025, month: 13, day: 1 })).toThrow(RangeError);
    expect(() => solarToLunar({ year: 2025, month: 1, day: 1.5 })).toThrow(RangeError);
  });
});

describe('lunarYearMonths', () => {
  it('lists 12 or 13 months of 29 or 30 days that follow one another', () => {
    for (let year = 2000; year <= 2060; year += 1) {
      const months = lunarYearMonths(year);
      expect(months.length).toBe(leapMonthOf(year) === null ? 12 : 13);
      const next = lunarYearMonths(year + 1)[0]!;
      months.forEach((m, i) => {
        const following = months[i + 1] ?? next;
        expect(julianDayNumber(following.firstDay) - julianDayNumber(m.firstDay)).toBe(m.length);
      });
    }
  });
});

const FIRST = julianDayNumber({ year: 1900, month: 1, day: 1 });
const LAST = julianDayNumber({ year: 2100, month: 12, day: 31 });

describe('properties over 1900–2100', () => {
  it('solar → lunar → solar is the identity', () => {
    fc.assert(fc.property(fc.integer({ min: FIRST, max: LAST }), (jdn) => {
      const solar = solarDateFromJulianDayNumber(jdn);
      expect(lunarToSolar(solarToLunar(solar))).toEqual(solar);
    }), { numRuns: 2000 });
  });

  it('the next day is the next lunar day or the first day of the next month', () => {
    fc.assert(fc.property(fc.integer({ min: FIRST, max: LAST - 1 }), (jdn) => {
      const today = solarToLunar(solarDateFromJulianDayNumber(jdn));
      const tomorrow = solarToLunar(solarDateFromJulianDayNumber(jdn + 1));
      if (tomorrow.day === 1) {
        expect(today.day === 29 || today.day === 30).toBe(true);
      } else {
        expect(tomorrow).toEqual({ ...today, day: today.day + 1 });
      }
    }), { numRuns: 1000 });
  });

  it('Tết falls between 21 January and 20 February', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2100 }), (year) => {
      const tet = lunarToSolar({ year, month: 1, day: 1 });
      const dayOfYear = julianDayNumber(tet) - julianDayNumber({ year, month: 1, day: 1 }) + 1;
      expect(dayOfYear).toBeGreaterThanOrEqual(21);
      expect(dayOfYear).toBeLessThanOrEqual(51);
    }));
  });
});

describe('astronomy', () => {
  it('matches the worked examples of Meeus, Astronomical Algorithms', () => {
    // Example 49.a: the new moon of February 1977.
    expect(astronomyForTests.newMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
    // Example 25.b: the sun's apparent longitude on 1992 October 13.0 TD, 199°54′21.8″.
    expect(astronomyForTests.sunApparentLongitude(2448908.5)).toBeCloseTo(199.906016, 3);
  });
});
