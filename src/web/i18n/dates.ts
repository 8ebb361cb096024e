// Dates and times are stored in UTC and always shown in Vietnam's time zone,
// whatever the time zone of the browser.
import dayjs from 'dayjs';
import 'dayjs/locale/vi.js';
import localizedFormat from 'dayjs/plugin/localizedFormat.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import type { Language } from './index.ts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(localizedFormat);

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

type DateInput = string | number | Date;

/** "thứ sáu, 29/11/2024" / "Friday, 11/29/2024": a day in Vietnam's time zone. */
export function formatLongDate(value: DateInput, language: Language): string {
  return dayjs(value).tz(TIME_ZONE).locale(language).format('dddd, L');
}

/** "29/11/2024 14:05": a moment in Vietnam's time zone. */
export function formatDateTime(value: DateInput, language: Language): string {
  return dayjs(value).tz(TIME_ZONE).locale(language).format('L HH:mm');
}

/** "29/11/2024": the Vietnam date of a moment. */
export function formatDate(value: DateInput, language: Language): string {
  return dayjs(value).tz(TIME_ZONE).locale(language).format('L');
}

/** A calendar date as the API sends it ("2024-11-29", no time zone) → "29/11/2024" / "11/29/2024". */
export function formatLocalDate(value: string, language: Language): string {
  return dayjs(value).locale(language).format('L');
}

/** Today's date in Vietnam as "YYYY-MM-DD". */
export function vietnamToday(now: DateInput = Date.now()): string {
  return dayjs(now).tz(TIME_ZONE).format('YYYY-MM-DD');
}

/** The typing format of date fields, the same order as the dates shown ("L"). */
export function dateInputFormat(language: Language): string {
  return language === 'vi' ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
}
