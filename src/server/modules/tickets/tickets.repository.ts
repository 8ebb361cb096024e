/** SQL for one ticket, its agencies and its history (lists and search: ticket-list.repository.ts). Every read takes the caller's scope. */
import { and, asc, eq, getTableColumns, gt, inArray, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { queryRows, type Database, type Executor, type FixedStatement } from '../../db/database.ts';
import { createBatcher } from '../../lib/batcher.ts';
import { deadlinePolicies, domains, idempotencyKeys, interactions, orgUnits, ticketAgencies, ticketEvents, ticketExtensions, ticketProgressReports, tickets, users } from '../../db/schema/index.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketInsert = typeof tickets.$inferInsert;

/** What the caller may see: every ticket, or those an org unit (or one below it) handles or handled. */
export type TicketScope = { kind: 'all' } | { kind: 'units'; unitId: string };

/**
 * The units at and below `unitId`, as an array computed once per query (an init plan). Written
 * `org_unit_id = ANY(<this>)`, it lets the planner look the units' tickets up in
 * ticket_agencies_unit_idx; as `IN (recursive subquery)` it guessed 200 units and read the whole
 * of ticket_agencies for every agency inbox page.
 */
export const subtreeOf = (unitId: string | Placeholder | SQL) => sql`ARRAY(
  WITH RECURSIVE sub AS (
    SELECT id FROM org_units WHERE id = ${unitId}
    UNION ALL SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id
  ) SELECT id FROM sub)`;

export function scopeCondition(scope: TicketScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  return sql`EXISTS (SELECT 1 FROM ticket_agencies ta WHERE ta.ticket_id = tickets.id AND ta.org_unit_id = ANY(${subtreeOf(scope.unitId)}))`;
}

/**
 * Tickets that the units `ids` (a subtree looked up beforehand) handle or handled: the scope
 * written with its units as values, so that the planner weighs their share of ticket_agencies
 * (lists: ticket-list.repository.ts). `alias` names ticket_agencies in the subquery.
 */
export const handledByUnits = (ids: string[], alias: 'ta' | 'ta2' = 'ta') =>
  ids.length === 0
    ? sql`false`
    : sql`EXISTS (SELECT 1 FROM ticket_agencies ${sql.raw(alias)} WHERE ${sql.raw(alias)}.ticket_id = tickets.id AND ${sql.raw(alias)}.org_unit_id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`;

/** The ticket, locked for the rest of the transaction, if the scope lets the caller see it. */
export async function lockTicket(t: Executor, code: string, scope: TicketScope): Promise<TicketRow | undefined> {
  const [row] = await t.select().from(tickets).where(and(eq(tickets.code, code), scopeCondition(scope))).for('update', { of: tickets });
  return row;
}

export async function updateTicket(t: Executor, id: string, patch: Partial<TicketInsert>, at: Date): Promise<TicketRow> {
  const [row] = await t
    .update(tickets)
    .set({ ...patch, updatedAt: at, version: sql`${tickets.version} + 1` })
    .where(eq(tickets.id, id))
    .returning();
  return row!;
}

export async function insertEvent(t: Executor, values: typeof ticketEvents.$inferInsert): Promise<void> {
  await t.insert(ticketEvents).values(values);
}

/** Records that an agency now handles the ticket (as lead or cooperating). */
export async function addTicketAgency(t: Executor, ticketId: string, orgUnitId: string, role: 'lead' | 'cooperating', at: Date): Promise<void> {
  // A new row each time, even to the same agency again: the earlier one keeps how it ended.
  await t.insert(ticketAgencies).values({ ticketId, orgUnitId, role, since: at });
}

/** Ends the current agencies of a role (re-routing); they keep read access to what they handled. */
export async function endTicketAgencies(t: Executor, ticketId: string, role: 'lead' | 'cooperating', at: Date): Promise<void> {
  await t.update(ticketAgencies).set({ until: at }).where(and(eq(ticketAgencies.ticketId, ticketId), eq(ticketAgencies.role, role), isNull(ticketAgencies.until)));
}

/**
 * Whether an agency leads the ticket now. The ticket keeps naming the last lead agency
 * (`lead_agency_id`) after that agency returned it or the hotline recalled it; only its lead row
 * in force says the agency still holds it.
 */
export async function hasLeadInForce(db: Executor, ticketId: string): Promise<boolean> {
  const rows = await db
    .select({ id: ticketAgencies.ticketId })
    .from(ticketAgencies)
    .where(and(eq(ticketAgencies.ticketId, ticketId), eq(ticketAgencies.role, 'lead'), isNull(ticketAgencies.until)))
    .limit(1);
  return rows.length > 0;
}

/** Whether `unitId`, or a unit above it, currently leads or cooperates on the ticket. */
export async function currentAgencyRoles(db: Executor, ticketId: string, unitId: string): Promise<{ leads: boolean; cooperates: boolean }> {
  const rows = await queryRows<{ leads: boolean | null; cooperates: boolean | null }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT id, parent_id FROM org_units WHERE id = ${unitId}
          UNION ALL SELECT o.id, o.parent_id FROM org_units o JOIN up ON o.id = up.parent_id
        )
        SELECT bool_or(role = 'lead') AS leads, bool_or(role = 'cooperating') AS cooperates
        FROM ticket_agencies WHERE ticket_id = ${ticketId} AND until IS NULL AND org_unit_id IN (SELECT id FROM up)`,
  );
  return { leads: rows[0]?.leads === true, cooperates: rows[0]?.cooperates === true };
}

export interface OrgUnitRef {
  id: string;
  code: string;
  name: string;
  validTo: string | null;
}

export async function findOrgUnits(db: Executor, codes: string[]): Promise<OrgUnitRef[]> {
  if (codes.length === 0) return [];
  return db.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, validTo: orgUnits.validTo }).from(orgUnits).where(inArray(orgUnits.code, codes));
}

export async function successorsOf(db: Executor, unitId: string): Promise<Array<{ code: string; name: string }>> {
  return queryRows(db, sql`SELECT s.code, s.name FROM org_unit_successors x JOIN org_units s ON s.id = x.successor_id WHERE x.unit_id = ${unitId} ORDER BY s.code`);
}

export async function domainExists(db: Executor, code: string): Promise<boolean> {
  const rows = await db.select({ code: domains.code }).from(domains).where(and(eq(domains.code, code), eq(domains.active, true)));
  return rows.length > 0;
}

/** An active user of the unit (or below it) with the given role: who a ticket can be assigned to. */
export async function findAgencyUser(db: Executor, userId: string, unitId: string): Promise<{ id: string; displayName: string } | undefined> {
  const rows = await queryRows<{ id: string; display_name: string }>(
    db,
    sql`SELECT id, display_name FROM users WHERE id = ${userId} AND status = 'active' AND org_unit_id = ANY(${subtreeOf(unitId)}) AND 'agency_staff' = ANY(roles)`,
  );
  return rows[0] ? { id: rows[0].id, displayName: rows[0].display_name } : undefined;
}

/**
 * A ticket's columns but `search`: the generated full-text vector is for WHERE clauses only; read
 * back, it was the largest value of the row, turned into text by PostgreSQL on every read.
 */
const { search: _search, ...ticketColumns } = getTableColumns(tickets);

// Subqueries name the outer columns in full: drizzle leaves single-table columns unqualified,
// which a subquery would resolve against its own tables.
export const detailColumns = {
  ticket: ticketColumns,
  leadAgencyCode: sql<string | null>`(SELECT lo.code FROM org_units lo WHERE lo.id = tickets.lead_agency_id)`,
  leadAgencyName: sql<string | null>`(SELECT lo.name FROM org_units lo WHERE lo.id = tickets.lead_agency_id)`,
  domainName: sql<string | null>`(SELECT dm.name FROM domains dm WHERE dm.code = tickets.domain_code)`,
  assigneeName: sql<string | null>`(SELECT au.display_name FROM users au WHERE au.id = tickets.assignee_id)`,
  duplicateOfCode: sql<string | null>`(SELECT d.code FROM tickets d WHERE d.id = tickets.duplicate_of_id)`,
  cooperatingCodes: sql<string[]>`ARRAY(SELECT o.code FROM ticket_agencies ta JOIN org_units o ON o.id = ta.org_unit_id WHERE ta.ticket_id = tickets.id AND ta.role = 'cooperating' AND ta.until IS NULL ORDER BY o.code)`,
};

export type TicketDetailRow = Awaited<ReturnType<typeof findTicket>>;

export async function findTicket(db: Executor, code: string, scope: TicketScope) {
  const [row] = await db.select(detailColumns).from(tickets).where(and(eq(tickets.code, code), scopeCondition(scope)));
  return row;
}

interface HistoryJson {
  events: Array<{ at: string; actorLabel: string; action: string; fromStatus: string | null; toStatus: string | null; note: string | null; visibility: string }>;
  extension: {
    status: string;
    agencyCode: string;
    reason: string;
    proposedDueDate: string;
    previousDueAt: string | null;
    requestedAt: string;
    grantedDueAt: string | null;
    decisionNote: string | null;
    decidedAt: string | null;
  } | null;
  progressReports: Array<{ agencyCode: string; done: string; committedDate: string; reportedBy: string; reportedAt: string }>;
}

/**
 * `findTicket` with the ticket's history (all of it, or only the public events), its extension
 * and its progress reports, in one query: reading a ticket by code is the hottest read, and one
 * round trip instead of four is most of its cost. Times come back as ISO text.
 */
export async function findTicketWithHistory(database: Database, code: string, scope: TicketScope, publicOnly: boolean) {
  const row = await historyReader(database, publicOnly)({ code, unitId: scope.kind === 'units' ? scope.unitId : null });
  if (!row) return undefined;
  const { i: _i, ...found } = row;
  return { ...found, ticket: ticketFromJson(row.ticket) };
}

/** A ticket row as the read returns it: every column but the search vector. */
export type TicketDetail = Omit<TicketRow, 'search'>;

/**
 * The ticket's columns as one JSON value, keyed by their names in TypeScript. As 41 columns, pg
 * and drizzle spent more of the server's CPU describing, parsing and mapping them than anything
 * else in a read; one JSON column is parsed natively, and json_build_object costs PostgreSQL no
 * more than the columns did (to_json of a row costs it a third more: it looks each column's
 * output function up again on every call). json_build_object takes at most 100 arguments.
 */
const ticketJsonPairs = Object.entries(ticketColumns).map(([key, column]) => `'${key}', tickets."${column.name}"`);
if (ticketJsonPairs.length > 50) throw new Error('tickets has more than 50 columns: split ticketAsJson into two json_build_object calls');
const ticketAsJson = sql<Record<string, unknown>>`json_build_object(${sql.raw(ticketJsonPairs.join(', '))})`;
/** Timestamps arrive in the JSON as text. */
const TIMESTAMP_KEYS = Object.entries(ticketColumns)
  .filter(([, column]) => column.dataType === 'date')
  .map(([key]) => key);

function ticketFromJson(json: Record<string, unknown>): TicketDetail {
  for (const key of TIMESTAMP_KEYS) if (typeof json[key] === 'string') json[key] = new Date(json[key]);
  return json as TicketDetail;
}

/** One read: a ticket's code, and the unit whose subtree the caller sees (null: every ticket). */
interface HistoryKey {
  code: string;
  unitId: string | null;
}

/**
 * Reading a ticket is the hottest query. Reads made at the same time go to the database
 * together, as one statement over their (code, unit) pairs (see createBatcher): under load one
 * round trip and one statement serve several reads, and each read keeps its own scope. The
 * statement is written once per kind (public history or all) and runs as a named prepared
 * statement on both engines (Database.run), so that neither the ORM nor the planner redo the
 * work; on PGlite, drizzle's own prepared queries are parsed and planned again on every call.
 */
const historyReaders = new WeakMap<Database, Map<boolean, (key: HistoryKey) => Promise<HistoryRow | undefined>>>();

/** A row of the read, keyed by the statement's column aliases: each field's type. */
type HistoryRow = { [K in keyof ReturnType<typeof historyFields>]: ReturnType<typeof historyFields>[K] extends SQL<infer T> ? T : never };

function historyReader(database: Database, publicOnly: boolean) {
  let byKind = historyReaders.get(database);
  if (!byKind) historyReaders.set(database, (byKind = new Map()));
  let reader = byKind.get(publicOnly);
  if (!reader) {
    const statement = historyStatement(database, publicOnly);
    reader = createBatcher(
      async (keys: HistoryKey[]) => {
        const rows = await database.run<HistoryRow>(statement, [JSON.stringify(keys.map((k, i) => ({ i, code: k.code, unit_id: k.unitId })))]);
        const byIndex = new Map(rows.map((r) => [r.i, r]));
        return keys.map((_, i) => byIndex.get(i));
      },
      // Two statements at once keep PostgreSQL busy while the server answers the last batch.
      { maxInFlight: 2, maxBatch: 64 },
    );
    byKind.set(publicOnly, reader);
  }
  return reader;
}

/** The read's columns: `i` is the read's place in its batch. */
function historyFields(publicOnly: boolean) {
  const { ticket: _ticket, ...related } = detailColumns;
  return {
    i: sql<number>`r.i`,
    ...related,
    ticket: ticketAsJson,
    events: sql<HistoryJson['events']>`coalesce((
        SELECT json_agg(json_build_object('at', e.at, 'actorLabel', e.actor_label, 'action', e.action, 'fromStatus', e.from_status,
                                          'toStatus', e.to_status, 'note', e.note, 'visibility', e.visibility) ORDER BY e.id)
        FROM ticket_events e WHERE e.ticket_id = tickets.id ${publicOnly ? sql`AND e.visibility = 'public'` : sql``}), '[]'::json)`,
    extension: sql<HistoryJson['extension']>`(
        SELECT json_build_object('status', x.status, 'agencyCode', o.code, 'reason', x.reason, 'proposedDueDate', x.proposed_due_date,
                                 'previousDueAt', x.previous_due_at, 'requestedAt', x.requested_at, 'grantedDueAt', x.granted_due_at,
                                 'decisionNote', x.decision_note, 'decidedAt', x.decided_at)
        FROM ticket_extensions x JOIN org_units o ON o.id = x.agency_id WHERE x.ticket_id = tickets.id)`,
    // The citizen's read says whether an agency still holds the ticket (may they reopen it?) in the same round trip.
    leadInForce: publicOnly
      ? sql<boolean>`EXISTS (SELECT 1 FROM ticket_agencies la WHERE la.ticket_id = tickets.id AND la.role = 'lead' AND la.until IS NULL)`
      : sql<boolean | null>`NULL::boolean`,
    progressReports: sql<HistoryJson['progressReports']>`coalesce((
        SELECT json_agg(json_build_object('agencyCode', o.code, 'done', r.done, 'committedDate', r.committed_date, 'reportedBy', r.reported_by_label,
                                          'reportedAt', r.reported_at) ORDER BY r.reported_at, r.id)
        FROM ticket_progress_reports r JOIN org_units o ON o.id = r.agency_id WHERE r.ticket_id = tickets.id), '[]'::json)`,
  };
}

/** The read's statement, its one placeholder ($1) the reads as a JSON array of {i, code, unit_id}. */
function historyStatement(database: Database, publicOnly: boolean): FixedStatement {
  const fields = historyFields(publicOnly);
  // Each column under its field's name, as Database.run returns rows keyed by column name.
  const aliased = Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.as(key)]));
  const { sql: text, params } = database.db
    .select(aliased)
    // The reads come as one JSON array: PostgreSQL estimates as many rows for it whatever its
    // length, so the plan it prepares once serves every batch. (As arrays, it planned each batch
    // again, estimating a batch of one cheaper than the prepared plan: 0.8 ms of its CPU per
    // read.) Each read looks its ticket up by code; as a plain join, the prepared plan hashed
    // the whole tickets table instead, and OFFSET 0 keeps the lookup a subquery run once per read.
    .from(
      sql`json_to_recordset(${sql.placeholder('reads')}::json) AS r(i int, code text, unit_id uuid)
        CROSS JOIN LATERAL (SELECT * FROM tickets WHERE tickets.code = r.code OFFSET 0) AS tickets`,
    )
    .where(sql`(r.unit_id IS NULL OR EXISTS (SELECT 1 FROM ticket_agencies ta WHERE ta.ticket_id = tickets.id AND ta.org_unit_id = ANY(${subtreeOf(sql`r.unit_id`)})))`)
    .toSQL();
  if (params.length !== 1) throw new Error(`the ticket read has ${params.length} values, not its one placeholder`);
  return { name: `ticket_history_${publicOnly ? 'public' : 'full'}`, text };
}

export async function listEvents(db: Executor, ticketId: string, publicOnly: boolean) {
  return db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), publicOnly ? eq(ticketEvents.visibility, 'public') : undefined))
    .orderBy(ticketEvents.id);
}

export async function findDuplicatesOf(t: Executor, masterId: string): Promise<TicketRow[]> {
  return t.select().from(tickets).where(and(eq(tickets.duplicateOfId, masterId), eq(tickets.status, 'rejected')));
}

export async function findUserName(db: Executor, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return row?.name;
}

/** Announces a change to live consoles (delivered at commit, on both engines). */
export async function notifyChange(t: Executor, change: { code: string; status: string; agencyId: string | null }): Promise<void> {
  await t.execute(sql`SELECT pg_notify('ticket_changes', ${JSON.stringify(change)})`);
}

/** The reply to the citizen, as an outbound interaction on the ticket's origin channel. */
export async function insertOutboundInteraction(t: Executor, ticket: TicketRow, content: string, operatorId: string | null, at: Date): Promise<void> {
  await t.insert(interactions).values({
    channel: ticket.originChannel === 'phone_in' ? 'phone_out' : ticket.originChannel,
    direction: 'out',
    contactId: ticket.contactId,
    ticketId: ticket.id,
    content,
    operatorId,
    occurredAt: at,
  });
}

export async function findTicketById(db: Executor, id: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  return row;
}

export async function findIdempotencyKey(db: Executor, key: string) {
  const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row;
}

export interface AutoCloseCandidate {
  id: string;
  code: string;
  version: number;
  answeredAt: Date;
}

/**
 * Answered tickets, unrated, answered more than their policy version's auto-close delay before
 * `now` (`fallbackDays` when the version sets none), oldest first, after the keyset position.
 */
export async function findAutoCloseCandidates(db: Executor, now: Date, fallbackDays: number, limit: number, after?: { answeredAt: Date; id: string }): Promise<AutoCloseCandidate[]> {
  const answeredAt = sql<Date>`coalesce(${tickets.answeredAt}, ${tickets.updatedAt})`.mapWith(tickets.answeredAt);
  return db
    .select({ id: tickets.id, code: tickets.code, version: tickets.version, answeredAt })
    .from(tickets)
    .leftJoin(deadlinePolicies, eq(deadlinePolicies.id, tickets.deadlinePolicyId))
    .where(
      and(
        eq(tickets.status, 'answered'),
        isNull(tickets.satisfaction),
        sql`${answeredAt} < ${now.toISOString()}::timestamptz - make_interval(days => coalesce(${deadlinePolicies.autoCloseDays}, ${fallbackDays}::int))`,
        after ? or(gt(answeredAt, after.answeredAt), and(eq(answeredAt, after.answeredAt), gt(tickets.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(answeredAt), asc(tickets.id))
    .limit(limit);
}

export type ExtensionRow = typeof ticketExtensions.$inferSelect;

export async function findExtension(db: Executor, ticketId: string): Promise<(ExtensionRow & { agencyCode: string }) | undefined> {
  const [row] = await db
    .select({ extension: ticketExtensions, agencyCode: orgUnits.code })
    .from(ticketExtensions)
    .innerJoin(orgUnits, eq(orgUnits.id, ticketExtensions.agencyId))
    .where(eq(ticketExtensions.ticketId, ticketId));
  return row ? { ...row.extension, agencyCode: row.agencyCode } : undefined;
}

export async function insertExtension(t: Executor, values: typeof ticketExtensions.$inferInsert): Promise<void> {
  await t.insert(ticketExtensions).values(values);
}

export async function updateExtension(t: Executor, ticketId: string, patch: Partial<typeof ticketExtensions.$inferInsert>): Promise<void> {
  await t.update(ticketExtensions).set(patch).where(eq(ticketExtensions.ticketId, ticketId));
}

export async function insertProgressReport(t: Executor, values: typeof ticketProgressReports.$inferInsert): Promise<void> {
  await t.insert(ticketProgressReports).values(values);
}

export async function listProgressReports(db: Executor, ticketId: string) {
  return db
    .select({ report: ticketProgressReports, agencyCode: orgUnits.code })
    .from(ticketProgressReports)
    .innerJoin(orgUnits, eq(orgUnits.id, ticketProgressReports.agencyId))
    .where(eq(ticketProgressReports.ticketId, ticketId))
    .orderBy(asc(ticketProgressReports.reportedAt), asc(ticketProgressReports.id));
}
