/** SQL for the working-day calendar (calendar_days: holidays, official days off, make-up days). */
import { asc, between, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { calendarDays } from '../../db/schema/index.ts';

/** The exceptions to "Monday–Friday work" between two local dates (inclusive), by date. */
export async function listCalendarDays(db: Executor, from: string, to: string) {
  return db
    .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name, nameEn: calendarDays.nameEn })
    .from(calendarDays)
    .where(between(calendarDays.date, from, to))
    .orderBy(asc(calendarDays.date));
}

/** Every exception, for the deadline clock's calendar (a few hundred rows for 2020–2040). */
export async function listAllCalendarDays(db: Executor) {
  return db.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays).orderBy(asc(calendarDays.date));
}

/** A cheap fingerprint that changes whenever a row is added, removed or changed. */
export async function calendarFingerprint(db: Executor): Promise<string> {
  const [row] = await queryRows<{ n: number; at: string | null; h: number | string | null }>(
    db,
    sql`SELECT count(*)::int AS n, max(updated_at)::text AS at, sum(hashtext(date::text || kind))::text AS h FROM calendar_days`,
  );
  return `${row?.n}|${row?.at}|${row?.h}`;
}
