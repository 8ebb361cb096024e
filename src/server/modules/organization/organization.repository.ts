/** SQL for the administration of the organization tree (units, successors, focal points) and of domains. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { OrgUnitView } from '../../../common/organization.ts';
import { queryRows, type Executor } from '../../db/database.ts';
import { domains, orgUnitFocalPoints, orgUnits, orgUnitSuccessors, users } from '../../db/schema/index.ts';

export type UnitRow = typeof orgUnits.$inferSelect;

/** A unit with the codes around it, as the admin API shows it (focal points and `ended` come separately). */
export type UnitViewRow = Omit<OrgUnitView, 'ended' | 'focalPoints' | 'origin'> & { id: string; origin: string };

export interface UnitFilter {
  /** Already NFC; matched without accents (đ = d) in name, short name, code and aliases. */
  q?: string | undefined;
  kinds?: string[] | undefined;
  /** Only units in force on this local date. */
  at?: string | undefined;
  /** Leave out units whose last day in force is before this local date. */
  notEndedBefore?: string | undefined;
  code?: string | undefined;
}

/** Units matching `filter`, by kind then name (Vietnamese collation). */
export async function listUnitViews(db: Executor, filter: UnitFilter): Promise<UnitViewRow[]> {
  const conditions: SQL[] = [];
  if (filter.code !== undefined) conditions.push(sql`u.code = ${filter.code}`);
  if (filter.kinds?.length) conditions.push(sql`u.kind IN (${sql.join(filter.kinds.map((k) => sql`${k}`), sql`, `)})`);
  if (filter.at) conditions.push(sql`(u.valid_from IS NULL OR u.valid_from <= ${filter.at}::date) AND (u.valid_to IS NULL OR u.valid_to >= ${filter.at}::date)`);
  if (filter.notEndedBefore) conditions.push(sql`(u.valid_to IS NULL OR u.valid_to >= ${filter.notEndedBefore}::date)`);
  if (filter.q) {
    // strpos rather than LIKE: a % or _ typed by the user is just a character.
    const q = sql`vn_norm(${filter.q})`;
    conditions.push(sql`(strpos(vn_norm(u.name), ${q}) > 0 OR strpos(vn_norm(coalesce(u.short_name, '')), ${q}) > 0
      OR strpos(vn_norm(u.code), ${q}) > 0 OR EXISTS (SELECT 1 FROM unnest(u.aliases) a WHERE strpos(vn_norm(a), ${q}) > 0))`);
  }
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  return queryRows<UnitViewRow>(
    db,
    sql`SELECT u.id, u.code, u.name, u.short_name AS "shortName", u.kind, p.code AS "parentCode",
          u.valid_from::text AS "validFrom", u.valid_to::text AS "validTo", u.email, u.phone, u.address,
          u.head_name AS "headName", u.head_title AS "headTitle", u.head_email AS "headEmail", u.head_user_id AS "headUserId",
          u.email_only AS "emailOnly", u.aliases, u.note, u.version, u.origin,
          ARRAY(SELECT s.code FROM org_unit_successors x JOIN org_units s ON s.id = x.successor_id WHERE x.unit_id = u.id ORDER BY s.code) AS "successorCodes",
          ARRAY(SELECT o.code FROM org_unit_successors x JOIN org_units o ON o.id = x.unit_id WHERE x.successor_id = u.id ORDER BY o.code) AS "predecessorCodes"
        FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id
        ${where}
        ORDER BY u.kind, u.name COLLATE "und-x-icu", u.code`,
  );
}

/** The focal points administrators named for these units, by display name. */
export async function focalPointsOf(db: Executor, unitIds: string[]) {
  if (unitIds.length === 0) return [];
  return db
    .select({ orgUnitId: orgUnitFocalPoints.orgUnitId, userId: users.id, username: users.username, displayName: users.displayName })
    .from(orgUnitFocalPoints)
    .innerJoin(users, eq(users.id, orgUnitFocalPoints.userId))
    .where(inArray(orgUnitFocalPoints.orgUnitId, unitIds))
    .orderBy(asc(users.displayName), asc(users.username));
}

export async function findUnitsByCode(db: Executor, codes: string[]): Promise<UnitRow[]> {
  if (codes.length === 0) return [];
  return db.select().from(orgUnits).where(inArray(orgUnits.code, codes));
}

/** The unit row, locked until the end of the caller's transaction. */
export async function lockUnitByCode(t: Executor, code: string): Promise<UnitRow | undefined> {
  const [row] = await t.select().from(orgUnits).where(eq(orgUnits.code, code)).for('update');
  return row;
}

/** Inserts a unit; undefined when the code is taken. */
export async function insertUnit(t: Executor, values: typeof orgUnits.$inferInsert): Promise<UnitRow | undefined> {
  const [row] = await t.insert(orgUnits).values(values).onConflictDoNothing({ target: orgUnits.code }).returning();
  return row;
}

/** Writes the fields, bumps the version and marks the unit as the administrators' (the reference loader keeps it). */
export async function updateUnit(t: Executor, id: string, set: Partial<typeof orgUnits.$inferInsert>): Promise<void> {
  await t
    .update(orgUnits)
    .set({ ...set, origin: 'admin', updatedAt: sql`now()`, version: sql`${orgUnits.version} + 1` })
    .where(eq(orgUnits.id, id));
}

/** True when `candidateId` is `unitId` or lies below it in the tree. */
export async function isSelfOrDescendant(db: Executor, unitId: string, candidateId: string): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`WITH RECURSIVE below AS (SELECT ${unitId}::uuid AS id UNION SELECT c.id FROM org_units c JOIN below b ON c.parent_id = b.id)
        SELECT EXISTS (SELECT 1 FROM below WHERE id = ${candidateId}::uuid) AS found`,
  );
  return rows[0]?.found === true;
}

/** Every unit reachable from `startIds` along successor links, ignoring the links out of `exceptFrom`. */
export async function successorClosure(db: Executor, startIds: string[], exceptFrom: string): Promise<string[]> {
  if (startIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`WITH RECURSIVE reach AS (
          SELECT id FROM org_units WHERE id IN (${sql.join(startIds.map((id) => sql`${id}::uuid`), sql`, `)})
          UNION SELECT x.successor_id FROM org_unit_successors x JOIN reach r ON x.unit_id = r.id WHERE x.unit_id <> ${exceptFrom}::uuid)
        SELECT id::text AS id FROM reach`,
  );
  return rows.map((r) => r.id);
}

export async function replaceSuccessors(t: Executor, unitId: string, successorIds: string[]): Promise<void> {
  await t.delete(orgUnitSuccessors).where(eq(orgUnitSuccessors.unitId, unitId));
  if (successorIds.length) await t.insert(orgUnitSuccessors).values(successorIds.map((successorId) => ({ unitId, successorId })));
}

export async function replaceFocalPoints(t: Executor, unitId: string, userIds: string[]): Promise<void> {
  await t.delete(orgUnitFocalPoints).where(eq(orgUnitFocalPoints.orgUnitId, unitId));
  if (userIds.length) await t.insert(orgUnitFocalPoints).values(userIds.map((userId) => ({ orgUnitId: unitId, userId })));
}

/** Bumps the unit's version only (a change to its focal points). */
export async function touchUnit(t: Executor, id: string): Promise<void> {
  await t
    .update(orgUnits)
    .set({ updatedAt: sql`now()`, version: sql`${orgUnits.version} + 1` })
    .where(eq(orgUnits.id, id));
}

export async function findUsersByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, username: users.username, status: users.status, orgUnitId: users.orgUnitId }).from(users).where(inArray(users.id, ids));
}

/** Active accounts of one unit, by display name. */
export async function listActiveStaff(db: Executor, unitId: string) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, roles: users.roles })
    .from(users)
    .where(and(eq(users.orgUnitId, unitId), eq(users.status, 'active')))
    .orderBy(asc(users.displayName), asc(users.username));
}

// ——— Domains ———

export type DomainRow = typeof domains.$inferSelect;

const domainColumns = {
  code: domains.code,
  name: domains.name,
  nameEn: domains.nameEn,
  sortOrder: domains.sortOrder,
  defaultAgencyCode: orgUnits.code,
  keywords: domains.keywords,
  active: domains.active,
  origin: domains.origin,
};

/** Every domain, inactive ones included, in display order. */
export async function listDomainViews(db: Executor, code?: string) {
  return db
    .select(domainColumns)
    .from(domains)
    .leftJoin(orgUnits, eq(orgUnits.id, domains.defaultAgencyId))
    .where(code === undefined ? undefined : eq(domains.code, code))
    .orderBy(asc(domains.sortOrder), asc(domains.code));
}

export async function lockDomain(t: Executor, code: string): Promise<DomainRow | undefined> {
  const [row] = await t.select().from(domains).where(eq(domains.code, code)).for('update');
  return row;
}

/** Inserts a domain; undefined when the code is taken. */
export async function insertDomain(t: Executor, values: typeof domains.$inferInsert): Promise<DomainRow | undefined> {
  const [row] = await t.insert(domains).values(values).onConflictDoNothing({ target: domains.code }).returning();
  return row;
}

/** Writes the fields and marks the domain as the administrators' (the reference loader keeps it). */
export async function updateDomain(t: Executor, code: string, set: Partial<typeof domains.$inferInsert>): Promise<void> {
  await t
    .update(domains)
    .set({ ...set, origin: 'admin', updatedAt: sql`now()` })
    .where(eq(domains.code, code));
}
