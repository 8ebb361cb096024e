/** When demo tickets are created: over several years, mostly in office hours on weekdays. */
import type { Random } from './demo-random.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
// Viet Nam has had no daylight saving time since 1975: local time is UTC+7 all year.
const LOCAL_OFFSET = 7 * HOUR;

/** Creation times of `count` tickets over `years` years ending at `now`, sorted: mostly office hours on weekdays. */
export function creationTimes(random: Random, count: number, years: number, now: Date): Float64Array {
  const end = now.getTime();
  const start = end - years * 365.25 * DAY;
  const days = Math.max(1, Math.floor((end - start) / DAY));
  const firstLocalDay = Math.floor((start + LOCAL_OFFSET) / DAY);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let t: number;
    do {
      let day = firstLocalDay + random.int(0, days);
      // 1970-01-01 was a Thursday: weekday 0 = Thursday … 2 = Saturday, 3 = Sunday.
      const weekday = ((day % 7) + 7) % 7;
      if ((weekday === 2 || weekday === 3) && random.chance(0.75)) day += random.int(2, 5);
      const minute = random.chance(0.82) ? random.int(7 * 60, 17 * 60 - 1) : random.int(5 * 60, 22 * 60 - 1);
      t = day * DAY - LOCAL_OFFSET + minute * 60_000 + random.int(0, 59_999);
    } while (t > end || t < start);
    out[i] = t;
  }
  return out.sort();
}

/** The local (UTC+7) calendar year of an instant: the year in the ticket code. */
export function yearOf(ms: number): number {
  return new Date(ms + LOCAL_OFFSET).getUTCFullYear();
}
