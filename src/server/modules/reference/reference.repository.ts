/** SQL for the reference tables. Rows an administrator changed (origin 'admin') are never overwritten. */
import { and, asc, between, eq, inArray, isNull, notInArray, or, sql, gte, lte } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { calendarDays, domains, orgUnits, outOfScopeCategories, systemState } from '../../db/schema/index.ts';

export interface OrgUnitRow {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  validFrom: string | null;
  validTo: string | null;
  aliases: string[];
  note: string | null;
}

const fromReference = (table: { origin: typeof orgUnits.origin }) => sql`${table.origin} = 'reference'`;

/** Inserts or updates units by code; returns code → id for every unit named. */
export async function upsertOrgUnits(db: Executor, rows: OrgUnitRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  await db
    .insert(orgUnits)
    .values(rows.map((r) => ({ ...r, origin: 'reference' })))
    .onConflictDoUpdate({
      target: orgUnits.code,
      set: {
        name: sql`excluded.name`,
        shortName: sql`excluded.short_name`,
        kind: sql`excluded.kind`,
        validFrom: sql`excluded.valid_from`,
        validTo: sql`excluded.valid_to`,
        aliases: sql`excluded.aliases`,
        note: sql`excluded.note`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${fromReference(orgUnits)} AND (${orgUnits.name}, ${orgUnits.shortName}, ${orgUnits.kind}, ${orgUnits.validFrom}, ${orgUnits.validTo}, ${orgUnits.aliases}, ${orgUnits.note})
        IS DISTINCT FROM (excluded.name, excluded.short_name, excluded.kind, excluded.valid_from, excluded.valid_to, excluded.aliases, excluded.note)`,
    });
  const ids = await db
    .select({ id: orgUnits.id, code: orgUnits.code })
    .from(orgUnits)
    .where(inArray(orgUnits.code, rows.map((r) => r.code)));
  return new Map(ids.map((r) => [r.code, r.id]));
}

/** Sets parents of reference units (a second pass: parents may come later in the list). */
export async function setOrgUnitParents(db: Executor, links: Array<{ id: string; parentId: string | null }>): Promise<void> {
  if (links.length === 0) return;
  const values = sql.join(
    links.map((l) => sql`(${l.id}::uuid, ${l.parentId}::uuid)`),
    sql`, `,
  );
  await db.execute(sql`
    UPDATE org_units AS u SET parent_id = v.parent_id, updated_at = now()
    FROM (VALUES ${values}) AS v(id, parent_id)
    WHERE u.id = v.id AND u.origin = 'reference' AND u.parent_id IS DISTINCT FROM v.parent_id`);
}

/** Adds the shipped successor links, except out of units an administrator changed (they keep their own). */
export async function insertSuccessors(db: Executor, pairs: Array<{ unitId: string; successorId: string }>): Promise<void> {
  if (pairs.length === 0) return;
  const values = sql.join(
    pairs.map((p) => sql`(${p.unitId}::uuid, ${p.successorId}::uuid)`),
    sql`, `,
  );
  await db.execute(sql`
    INSERT INTO org_unit_successors (unit_id, successor_id)
    SELECT v.unit_id, v.successor_id FROM (VALUES ${values}) AS v(unit_id, successor_id)
    JOIN org_units u ON u.id = v.unit_id AND u.origin = 'reference'
    ON CONFLICT DO NOTHING`);
}

export interface DomainRow {
  code: string;
  name: string;
  nameEn: string;
  sortOrder: number;
  defaultAgencyId: string | null;
  keywords: string[];
}

export async function upsertDomains(db: Executor, rows: DomainRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(domains)
    .values(rows.map((r) => ({ ...r, origin: 'reference' })))
    .onConflictDoUpdate({
      target: domains.code,
      set: {
        name: sql`excluded.name`,
        nameEn: sql`excluded.name_en`,
        sortOrder: sql`excluded.sort_order`,
        defaultAgencyId: sql`excluded.default_agency_id`,
        keywords: sql`excluded.keywords`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${domains.origin} = 'reference'`,
    });
}

export interface OutOfScopeRow {
  code: string;
  name: string;
  nameEn: string;
  guidance: string;
  guidanceEn: string;
  legalBasis: string;
}

export async function upsertOutOfScope(db: Executor, rows: OutOfScopeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(outOfScopeCategories)
    .values(rows.map((r) => ({ ...r, origin: 'reference' })))
    .onConflictDoUpdate({
      target: outOfScopeCategories.code,
      set: {
        name: sql`excluded.name`,
        nameEn: sql`excluded.name_en`,
        guidance: sql`excluded.guidance`,
        guidanceEn: sql`excluded.guidance_en`,
        legalBasis: sql`excluded.legal_basis`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${outOfScopeCategories.origin} = 'reference'`,
    });
}

export interface CalendarDayRow {
  date: string;
  kind: string;
  name: string;
  nameEn: string;
  source: string;
}

/**
 * Replaces the reference-generated calendar rows between two dates with `rows`; rows an
 * administrator entered stay as they are.
 */
export async function replaceReferenceCalendar(db: Executor, from: string, to: string, rows: CalendarDayRow[]): Promise<void> {
  const dates = rows.map((r) => r.date);
  await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.origin, 'reference'), between(calendarDays.date, from, to), dates.length ? notInArray(calendarDays.date, dates) : undefined));
  if (rows.length === 0) return;
  await db
    .insert(calendarDays)
    .values(rows.map((r) => ({ ...r, origin: 'reference' })))
    .onConflictDoUpdate({
      target: calendarDays.date,
      set: { kind: sql`excluded.kind`, name: sql`excluded.name`, nameEn: sql`excluded.name_en`, source: sql`excluded.source`, updatedAt: sql`now()` },
      setWhere: sql`${calendarDays.origin} = 'reference' AND (${calendarDays.kind}, ${calendarDays.name}, ${calendarDays.nameEn}, ${calendarDays.source})
        IS DISTINCT FROM (excluded.kind, excluded.name, excluded.name_en, excluded.source)`,
    });
}

/** Serialises reference loads of concurrently starting copies (released at commit). */
export async function lockReferenceLoad(db: Executor): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(10220002)`);
}

export async function readState(db: Executor, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: systemState.value }).from(systemState).where(eq(systemState.key, key));
  return row?.value;
}

export async function writeState(db: Executor, key: string, value: string): Promise<void> {
  await db
    .insert(systemState)
    .values({ key, value })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: sql`now()` } });
}

export async function countReferenceRows(db: Executor): Promise<Record<'orgUnits' | 'successors' | 'domains' | 'outOfScope' | 'calendarDays', number>> {
  const [r] = await queryRows<{ org_units: number; successors: number; domains: number; out_of_scope: number; calendar_days: number }>(db, sql`
    SELECT (SELECT count(*)::int FROM org_units) AS org_units,
           (SELECT count(*)::int FROM org_unit_successors) AS successors,
           (SELECT count(*)::int FROM domains) AS domains,
           (SELECT count(*)::int FROM out_of_scope_categories) AS out_of_scope,
           (SELECT count(*)::int FROM calendar_days) AS calendar_days`);
  if (!r) throw new Error('count query returned no row');
  return { orgUnits: r.org_units, successors: r.successors, domains: r.domains, outOfScope: r.out_of_scope, calendarDays: r.calendar_days };
}

export async function listDomains(db: Executor) {
  return db
    .select({ code: domains.code, name: domains.name, nameEn: domains.nameEn })
    .from(domains)
    .where(eq(domains.active, true))
    .orderBy(asc(domains.sortOrder), asc(domains.code));
}

export async function listOutOfScope(db: Executor) {
  return db
    .select({
      code: outOfScopeCategories.code,
      name: outOfScopeCategories.name,
      nameEn: outOfScopeCategories.nameEn,
      guidance: outOfScopeCategories.guidance,
      guidanceEn: outOfScopeCategories.guidanceEn,
      legalBasis: outOfScopeCategories.legalBasis,
    })
    .from(outOfScopeCategories)
    .where(eq(outOfScopeCategories.active, true))
    .orderBy(asc(outOfScopeCategories.code));
}

/** Units in force on `on` (or all, ended ones included), optionally of some kinds. */
export async function listOrgUnits(db: Executor, filter: { kinds?: string[]; on?: string; q?: string }) {
  // Qualified by hand: drizzle leaves single-table columns unqualified, which a subquery would
  // resolve against its own table.
  const parent = sql<string | null>`(SELECT p.code FROM org_units p WHERE p.id = org_units.parent_id)`;
  const successors = sql<string[]>`ARRAY(SELECT s.code FROM org_unit_successors x JOIN org_units s ON s.id = x.successor_id WHERE x.unit_id = org_units.id ORDER BY s.code)`;
  return db
    .select({
      code: orgUnits.code,
      name: orgUnits.name,
      shortName: orgUnits.shortName,
      kind: orgUnits.kind,
      parentCode: parent,
      validFrom: orgUnits.validFrom,
      validTo: orgUnits.validTo,
      successorCodes: successors,
    })
    .from(orgUnits)
    .where(
      and(
        filter.kinds?.length ? inArray(orgUnits.kind, filter.kinds) : undefined,
        filter.on
          ? and(or(isNull(orgUnits.validFrom), lte(orgUnits.validFrom, filter.on)), or(isNull(orgUnits.validTo), gte(orgUnits.validTo, filter.on)))
          : undefined,
        filter.q
          ? sql`(vn_norm(${orgUnits.name}) LIKE '%' || vn_norm(${filter.q}) || '%' OR EXISTS (SELECT 1 FROM unnest(${orgUnits.aliases}) a WHERE vn_norm(a) LIKE '%' || vn_norm(${filter.q}) || '%'))`
          : undefined,
      ),
    )
    .orderBy(asc(orgUnits.kind), sql`${orgUnits.name} COLLATE "und-x-icu"`);
}
