import { describe, expect, it } from 'vitest';
import { localToday } from './time.ts';

describe('localToday', () => {
  it('gives the date in Viet Nam, seven hours ahead of UTC', () => {
    expect(localToday(new Date('2026-12-31T16:59:59.999Z'))).toBe('2026-12-31');
    expect(localToday(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(localToday(new Date('2026-02-28T17:30:00Z'))).toBe('2026-03-01');
  });

  it('writes every year with four digits, and refuses what YYYY-MM-DD cannot write', () => {
    expect(localToday(new Date('0999-06-01T00:00:00Z'))).toBe('0999-06-01');
    expect(localToday(new Date('9999-12-31T16:59:59Z'))).toBe('9999-12-31');
    expect(() => localToday(new Date('9999-12-31T17:00:00Z'))).toThrow(RangeError);
    expect(() => localToday(new Date('-000001-06-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => localToday(new Date(Number.NaN))).toThrow(RangeError);
  });
});
