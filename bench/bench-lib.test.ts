import { describe, expect, it } from 'vitest';
import { warmedUp } from './bench-lib.ts';

describe('warm-up before a measured run', () => {
  it('goes on while each window is clearly faster than every one before it', () => {
    // Creation on PGlite just after start, 5 s windows on a 2-core machine.
    expect(warmedUp([280], 20)).toBe(false);
    expect(warmedUp([280, 391], 20)).toBe(false);
    expect(warmedUp([280, 391, 399], 20)).toBe(true);
    expect(warmedUp([280, 391, 447], 20)).toBe(false);
  });

  it('stops once the newest window is no more than 5 % above the fastest earlier one, even if slower', () => {
    expect(warmedUp([1000, 1050], 20)).toBe(true);
    expect(warmedUp([1000, 1051], 20)).toBe(false);
    expect(warmedUp([1000, 700], 20)).toBe(true);
  });

  it('never runs more windows than allowed, and always at least two', () => {
    expect(warmedUp([100, 200, 400], 3)).toBe(true);
    expect(warmedUp([100], 1)).toBe(true);
    expect(warmedUp([100], 20)).toBe(false);
    expect(warmedUp([], 20)).toBe(false);
  });
});
