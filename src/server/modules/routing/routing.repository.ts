/** SQL for routing rules, and the org-unit look-ups they need (units, successors, areas). */
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { domains, orgUnits, routingRules } from '../../db/schema/index.ts';

export type RuleRow = typeof routingRules.$inferSelect;

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: string;
  validTo: string | null;
}

const unitColumns = { id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind, validTo: orgUnits.validTo };

export async function findUnitsByCode(db: Executor, codes: string[]): Promise<UnitRef[]> {
  if (codes.length === 0) return [];
  return db.select(unitColumns).from(orgUnits).where(inArray(orgUnits.code, codes));
}

export async function findUnitsById(db: Executor, ids: string[]): Promise<UnitRef[]> {
  if (ids.length === 0) return [];
  return db.select(unitColumns).from(orgUnits).where(inArray(orgUnits.id, ids));
}

export async function successorsOf(db: Executor, unitIds: string[]): Promise<Array<UnitRef & { of: string }>> {
  if (unitIds.length === 0) return [];
  return queryRows(
    db,
    sql`SELECT x.unit_id AS "of", s.id, s.code, s.name, s.kind, s.valid_to::text AS "validTo"
        FROM org_unit_successors x JOIN org_units s ON s.id = x.successor_id
        WHERE x.unit_id IN (${sql.join(unitIds.map((id) => sql`${id}::uuid`), sql`, `)}) ORDER BY s.code`,
  );
}

/**
 * The same area as `unitId` across the 2025 reform: the unit, its successors, and every unit
 * that merged into one of them (so an old commune and the new one it became match each other).
 */
export async function areaOf(db: Executor, unitId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`WITH s AS (SELECT ${unitId}::uuid AS id UNION SELECT successor_id FROM org_unit_successors WHERE unit_id = ${unitId})
        SELECT id FROM s UNION SELECT unit_id FROM org_unit_successors WHERE successor_id IN (SELECT id FROM s)`,
  );
  return rows.map((r) => r.id);
}

export async function listRules(db: Executor, includeDisabled: boolean): Promise<RuleRow[]> {
  return db
    .select()
    .from(routingRules)
    .where(includeDisabled ? undefined : eq(routingRules.active, true))
    .orderBy(desc(routingRules.active), desc(routingRules.priority), routingRules.createdAt);
}

export async function findRule(db: Executor, id: string): Promise<RuleRow | undefined> {
  const [row] = await db.select().from(routingRules).where(eq(routingRules.id, id));
  return row;
}

export async function insertRule(t: Executor, values: typeof routingRules.$inferInsert): Promise<RuleRow> {
  const [row] = await t.insert(routingRules).values(values).returning();
  return row!;
}

export async function disableRule(t: Executor, id: string, at: Date): Promise<RuleRow | undefined> {
  const [row] = await t.update(routingRules).set({ active: false, disabledAt: at }).where(and(eq(routingRules.id, id), eq(routingRules.active, true))).returning();
  return row;
}

/** Active rules whose conditions all hold (a null condition matches anything). */
export async function matchingRules(db: Executor, facts: { domainCode: string | null; communeIds: string[]; type: string }): Promise<RuleRow[]> {
  return db
    .select()
    .from(routingRules)
    .where(
      and(
        eq(routingRules.active, true),
        facts.domainCode ? or(isNull(routingRules.domainCode), eq(routingRules.domainCode, facts.domainCode)) : isNull(routingRules.domainCode),
        facts.communeIds.length > 0 ? or(isNull(routingRules.communeId), inArray(routingRules.communeId, facts.communeIds)) : isNull(routingRules.communeId),
        or(isNull(routingRules.ticketType), eq(routingRules.ticketType, facts.type)),
      ),
    )
    .orderBy(desc(routingRules.priority), routingRules.createdAt);
}

/** Domain names by code (for the reasons shown to operators). */
export async function domainNames(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ code: domains.code, name: domains.name }).from(domains).where(inArray(domains.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function domainExists(db: Executor, code: string): Promise<boolean> {
  const rows = await queryRows<{ code: string }>(db, sql`SELECT code FROM domains WHERE code = ${code} AND active`);
  return rows.length > 0;
}
