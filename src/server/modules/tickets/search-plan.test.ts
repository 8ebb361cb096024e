import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseSearchPlan, DEFAULT_WINDOW, RECENT_DAYS, searchWords, type WordStatistics } from './search-plan.ts';

const stats: WordStatistics = {
  rows: 1_000_000,
  shares: new Map([
    ['khong', 0.356],
    ['nghiep', 0.056],
    ['nham', 0.0052],
  ]),
};

describe('search plan', () => {
  it('splits a search into folded words, without accents and with đ = d', () => {
    expect(searchWords('  Đất ĐAI, đất-đai 0912.345.678 ')).toEqual(['dat', 'dai', '0912', '345', '678']);
    expect(searchWords('!!!')).toEqual([]);
  });

  it('reads a common word newest first, within what the index would cost', () => {
    expect(chooseSearchPlan(stats, 'KHÔNG', 21)).toEqual({ kind: 'newest-first', scanned: 712_000, passing: DEFAULT_WINDOW });
  });

  it('asks the index for a word rarer than every listed one (a phone number, a name) or for a listed word the index finds cheaply', () => {
    // Up to 5,200 matches (the least common listed word's share): the recent ones are asked first,
    // unless a phone number or another long number makes the search rare.
    expect(chooseSearchPlan(stats, 'Nguyễn Thị Mận', 21)).toEqual({ kind: 'index', recentDays: RECENT_DAYS });
    expect(chooseSearchPlan(stats, 'nhầm', 21)).toEqual({ kind: 'index', recentDays: RECENT_DAYS });
    expect(chooseSearchPlan(stats, '0912345678', 21)).toEqual({ kind: 'index', recentDays: [] });
    expect(chooseSearchPlan(stats, 'không 0912 345 678', 21)).toEqual({ kind: 'index', recentDays: [] });
    expect(chooseSearchPlan(stats, '...', 21)).toEqual({ kind: 'index', recentDays: [] });
    // On a small table the index's matches are few: it is asked once.
    expect(chooseSearchPlan({ ...stats, rows: 100_000 }, 'nhầm', 21)).toEqual({ kind: 'index', recentDays: [] });
    expect(chooseSearchPlan({ ...stats, rows: 100_000 }, '0912345678', 21)).toEqual({ kind: 'index', recentDays: [] });
  });

  it('keeps the window of two common words small, counted in rows read whatever the filters', () => {
    const plan = chooseSearchPlan(stats, 'không nghiệp', 21);
    expect(plan.kind).toBe('newest-first');
    if (plan.kind === 'newest-first') {
      expect(plan.scanned).toBe(plan.passing);
      expect(plan.scanned).toBeLessThan(4000);
    }
  });

  it('reads the newest rows first, as before, when there are no statistics', () => {
    expect(chooseSearchPlan(null, 'nhầm', 21)).toEqual({ kind: 'newest-first', scanned: Infinity, passing: DEFAULT_WINDOW });
    expect(chooseSearchPlan({ rows: 0, shares: new Map() }, 'nhầm', 21)).toEqual({ kind: 'newest-first', scanned: Infinity, passing: DEFAULT_WINDOW });
  });

  it('never reads more newest rows than twice the matches the index would fetch, and always enough for a page at the estimated share', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 2, max: 101 }), (share, rows, limit) => {
        const plan = chooseSearchPlan({ rows, shares: new Map([['tu', share]]) }, 'tu', limit);
        if (plan.kind === 'index') return;
        expect(plan.scanned).toBeLessThanOrEqual(Math.ceil(2 * share * rows));
        expect(Math.min(plan.scanned, plan.passing)).toBeGreaterThanOrEqual(Math.floor(limit / share));
      }),
    );
  });
});
