import { describe, expect, it } from 'vitest';
import { dateInputFormat, formatDate, formatDateTime, formatLocalDate, formatLongDate, vietnamToday } from './dates.ts';

describe('dates shown to staff', () => {
  it('are in Vietnam time whatever the time zone of the computer', () => {
    // 20:30 UTC on 31 Dec is already New Year's Day 03:30 in Hà Nội.
    expect(formatDateTime('2024-12-31T20:30:00Z', 'vi')).toBe('01/01/2025 03:30');
    expect(formatLongDate('2024-12-31T20:30:00Z', 'vi')).toBe('thứ tư, 01/01/2025');
  });

  it('follow the language of the interface', () => {
    expect(formatLongDate('2024-12-31T20:30:00Z', 'en')).toBe('Wednesday, 01/01/2025');
  });

  it('show calendar dates as they are, and today as Vietnam sees it', () => {
    expect(formatLocalDate('2025-07-01', 'vi')).toBe('01/07/2025');
    expect(formatDate('2024-12-31T20:30:00Z', 'vi')).toBe('01/01/2025');
    expect(vietnamToday('2024-12-31T20:30:00Z')).toBe('2025-01-01');
    // Date fields are typed in the order the dates are shown.
    expect(dateInputFormat('vi')).toBe('DD/MM/YYYY');
    expect(formatLocalDate('2025-07-01', 'en')).toBe('07/01/2025');
    expect(dateInputFormat('en')).toBe('MM/DD/YYYY');
  });
});
