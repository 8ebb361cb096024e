/** The source of "now", so that deadline tests can move time without touching the system clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test can set and advance. */
export function fixedClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => { current = new Date(d); },
    advance: (ms) => { current = new Date(current.getTime() + ms); },
  };
}

/** The system clock moved by a fixed offset (TEST_CLOCK_OFFSET_MINUTES, test runs only). */
export function offsetClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}
