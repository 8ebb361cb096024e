import { describe, expect, it } from 'vitest';
import { warmedUp } from './bench-lib.ts';

describe('warm-up before a measured run', () => {
  it('goes on while the rate climbs, even by less per window than the windows differ', () => {
    // Creation on PGlite just after start: two-second windows climbing a few per cent each, with noise.
    const climbing = [250, 270, 262, 290, 301, 296, 318, 330, 325];
    expect(warmedUp(climbing.slice(0, 5), 20)).toBe(false);
    expect(warmedUp(climbing.slice(0, 6), 20)).toBe(false);
    expect(warmedUp(climbing, 20)).toBe(false);
  });

  it('stops once the last six seconds averaged no more than 3 % above the six before, even if slower', () => {
    expect(warmedUp([460, 480, 470, 475, 490, 468], 20)).toBe(true);
    expect(warmedUp([460, 480, 470, 500, 480, 470], 20)).toBe(true);
    expect(warmedUp([460, 480, 470, 500, 490, 480], 20)).toBe(false);
    expect(warmedUp([500, 500, 500, 300, 300, 300], 20)).toBe(true);
  });

  it('never runs more windows than allowed', () => {
    expect(warmedUp([100, 200, 400], 3)).toBe(true);
    expect(warmedUp([100], 1)).toBe(true);
    expect(warmedUp([100], 20)).toBe(false);
    expect(warmedUp([], 20)).toBe(false);
  });
});
