/** Times are stored in UTC and shown in the province's zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local calendar date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function localToday(at: Date): string {
  return dateFormat.format(at);
}
