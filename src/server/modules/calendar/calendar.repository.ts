/** SQL for the working-day calendar (calendar_days: holidays, official days off, make-up days). */
import { asc, between } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { calendarDays } from '../../db/schema/index.ts';

/** The exceptions to "Monday–Friday work" between two local dates (inclusive), by date. */
export async function listCalendarDays(db: Executor, from: string, to: string) {
  return db
    .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name, nameEn: calendarDays.nameEn })
    .from(calendarDays)
    .where(between(calendarDays.date, from, to))
    .orderBy(asc(calendarDays.date));
}
