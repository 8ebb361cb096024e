/** Times are stored in UTC and shown in the province's zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time since 1975), as working-time.ts counts. */
const LOCAL_OFFSET_MS = 7 * 3_600_000;

/**
 * The local calendar date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh.
 * @throws RangeError for an invalid date, or one whose local year has not four digits (before
 *   year 0 or after 9999), which YYYY-MM-DD cannot write.
 */
export function localToday(at: Date): string {
  const local = new Date(at.getTime() + LOCAL_OFFSET_MS);
  const year = local.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`no local date in YYYY-MM-DD for ${String(at)}`);
  return local.toISOString().slice(0, 10);
}
