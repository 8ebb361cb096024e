/** SQL for the working-day calendar (calendar_days: holidays, official days off, make-up days). */
import { asc, between, eq, inArray, sql } from 'drizzle-orm';
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

/**
 * An SQL expression whose value changes whenever a calendar day or a deadline version is added,
 * removed or changed (a trigger raises it, whoever writes): read by `deadlineSettingsVersion`, and
 * compared by statements that computed due times from cached settings (ticket creation).
 */
export const DEADLINE_SETTINGS_VERSION_SQL = `(SELECT version::text FROM settings_versions WHERE name = 'deadlines')`;

export async function deadlineSettingsVersion(db: Executor): Promise<string> {
  const [row] = await queryRows<{ version: string | null }>(db, sql`SELECT ${sql.raw(DEADLINE_SETTINGS_VERSION_SQL)} AS version`);
  return row?.version ?? '';
}

// ——— Administration of the exceptions ———

export type CalendarDayRow = typeof calendarDays.$inferSelect;

const exceptionColumns = {
  date: calendarDays.date,
  kind: calendarDays.kind,
  name: calendarDays.name,
  nameEn: calendarDays.nameEn,
  source: calendarDays.source,
  origin: calendarDays.origin,
};

/** The exceptions of the local dates `from`–`to` (inclusive), with where each came from. */
export async function listExceptions(db: Executor, from: string, to: string) {
  return db.select(exceptionColumns).from(calendarDays).where(between(calendarDays.date, from, to)).orderBy(asc(calendarDays.date));
}

/** The rows of these dates, locked until the end of the caller's transaction. */
export async function lockExceptions(t: Executor, dates: string[]) {
  if (dates.length === 0) return [];
  return t.select(exceptionColumns).from(calendarDays).where(inArray(calendarDays.date, dates)).for('update');
}

/** Inserts or replaces the rows as the administrators' (origin 'admin': the reference loader keeps them). */
export async function upsertExceptions(t: Executor, rows: Array<{ date: string; kind: string; name: string; nameEn: string; source: string }>): Promise<void> {
  if (rows.length === 0) return;
  await t
    .insert(calendarDays)
    .values(rows.map((r) => ({ ...r, origin: 'admin' })))
    .onConflictDoUpdate({
      target: calendarDays.date,
      set: { kind: sql`excluded.kind`, name: sql`excluded.name`, nameEn: sql`excluded.name_en`, source: sql`excluded.source`, origin: 'admin', updatedAt: sql`now()` },
    });
}

export async function deleteException(t: Executor, date: string): Promise<boolean> {
  const rows = await t.delete(calendarDays).where(eq(calendarDays.date, date)).returning({ date: calendarDays.date });
  return rows.length > 0;
}

/** Adds dates to the JSON list kept under `key` in system_state (sorted, no duplicates), atomically. */
export async function addToDateList(t: Executor, key: string, dates: string[]): Promise<void> {
  if (dates.length === 0) return;
  const added = JSON.stringify(dates);
  await t.execute(sql`
    INSERT INTO system_state (key, value) VALUES (${key}, ${added}::jsonb::text)
    ON CONFLICT (key) DO UPDATE SET updated_at = now(), value = (
      SELECT coalesce(jsonb_agg(DISTINCT d ORDER BY d), '[]'::jsonb)::text
      FROM jsonb_array_elements_text(system_state.value::jsonb || ${added}::jsonb) AS d)`);
}

/** Removes dates from the JSON list kept under `key` in system_state, atomically. */
export async function removeFromDateList(t: Executor, key: string, dates: string[]): Promise<void> {
  if (dates.length === 0) return;
  await t.execute(sql`
    UPDATE system_state SET updated_at = now(), value = (
      SELECT coalesce(jsonb_agg(d ORDER BY d), '[]'::jsonb)::text
      FROM jsonb_array_elements_text(value::jsonb) AS d WHERE NOT (d = ANY(${`{${dates.join(',')}}`}::text[])))
    WHERE key = ${key} AND value::jsonb ?| ${`{${dates.join(',')}}`}::text[]`);
}
