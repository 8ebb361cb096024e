/**
 * SQL for lists of tickets: the queues, the search (newest first, keyset-paginated, the plan
 * chosen from the words' frequencies: search-plan.ts) and the counts per status. Every query
 * takes the caller's scope.
 */
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { sqlStateOf } from '../../db/sql-state.ts';
import { tickets } from '../../db/schema/index.ts';
import { FINISHED_STATUSES, QUEUE_STATUSES, isFinished } from '../../../common/tickets.ts';
import { chooseSearchPlan } from './search-plan.ts';
import { SUBTREE_CACHE_MS, subtreeGeneration } from './subtree-cache.ts';
import { wordStatistics } from './search-words.repository.ts';
import { detailColumns, handledByUnits, subtreeOf, type TicketScope } from './tickets.repository.ts';

export interface TicketFilter {
  q?: string;
  code?: string;
  statuses?: string[];
  types?: string[];
  domains?: string[];
  channels?: string[];
  agencyId?: string;
  assigneeId?: string;
  from?: Date;
  to?: Date;
  /** Whether the running stage is past its due time at `now` (paused and finished stages are not). */
  overdue?: { is: boolean; now: Date };
  /** Only tickets whose extension request is in this state (e.g. 'requested': waiting for a supervisor). */
  extension?: string;
  /** Keyset: rows strictly after this (createdAt desc, id desc) position. */
  after?: { createdAt: Date; id: string };
  /** The present, from which a word search counts its recent days (see searchByIndex). */
  now: Date;
  /**
   * How long a word search may ask the full-text index for all its matches, in ms (PostgreSQL;
   * undefined: no limit). Past it the search answers with the matches found so far, which are
   * the newest ones, and says it is incomplete (see searchByIndex).
   */
  budgetMs?: number | undefined;
  limit: number;
}

/** A page of the list; `complete` is false when a word search stopped at its budget (the rows are then the newest matches found before it). */
export interface ListedTickets {
  rows: ListedTicket[];
  complete: boolean;
}

const listColumns = {
  id: tickets.id,
  code: tickets.code,
  type: tickets.type,
  domainCode: tickets.domainCode,
  title: tickets.title,
  status: tickets.status,
  priority: tickets.priority,
  originChannel: tickets.originChannel,
  contactName: tickets.contactName,
  contactPhone: tickets.contactPhone,
  leadAgencyCode: detailColumns.leadAgencyCode,
  assigneeId: tickets.assigneeId,
  reopenCount: tickets.reopenCount,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  stage: tickets.stage,
  stageStartedAt: tickets.stageStartedAt,
  stageDueAt: tickets.stageDueAt,
  stagePausedRemainingMinutes: tickets.stagePausedRemainingMinutes,
  stagePausedAt: tickets.stagePausedAt,
  answerDueAt: tickets.answerDueAt,
};

const selectList = (db: Executor) => db.select(listColumns).from(tickets);
/** A row of a list. */
export type ListedTicket = Awaited<ReturnType<ReturnType<typeof selectList>['execute']>>[number];

/**
 * The units of the caller's scope and of the agency filter (null: no such restriction), looked
 * up before the list: written into it as values, they let the planner weigh the agency's share
 * of ticket_agencies (given as `ANY(subtree)`, computed inside the query, it guesses the same
 * share for every agency). `few`: whether they handle or handled at most `fewTickets` tickets
 * (see listTickets). Every query of this module takes its scope from here only.
 */
interface ScopeUnits {
  scope: string[] | null;
  agency: string[] | null;
  few: boolean;
}

/** At most this many ticket_agencies rows: an agency's list is found from its tickets, then sorted (listTickets). */
export const FEW_AGENCY_TICKETS = 2_000;

/**
 * A unit's subtree and whether it has few tickets, per database and threshold. The subtree is
 * kept SUBTREE_CACHE_MS and forgotten when the tree changes (subtree-cache.ts). Whether it has
 * few tickets is kept 5 minutes: it only chooses how a list is read (never what it holds), and
 * counting up to the threshold reads that many index entries, which costs more than the list
 * itself where the visibility map lags.
 */
const unitsByUnit = new WeakMap<Executor, Map<string, { ids: string[]; idsUntil: number; generation: number; few: boolean; fewUntil: number }>>();
const FEW_FOR_MS = 5 * 60_000;

async function scopeUnits(db: Executor, scope: TicketScope, agencyId: string | undefined, fewTickets: number): Promise<ScopeUnits> {
  let known = unitsByUnit.get(db);
  if (!known) unitsByUnit.set(db, (known = new Map()));
  const unitsOf = async (unitId: string) => {
    const key = `${unitId}:${fewTickets}`;
    const now = Date.now();
    const generation = subtreeGeneration();
    const cached = known.get(key);
    if (cached && cached.idsUntil > now && cached.generation === generation && cached.fewUntil > now) return cached;
    const fewKnown = cached && cached.fewUntil > now;
    // The count reads the index in order, unit by unit, so that it stops at the threshold (a
    // bitmap scan would read the whole unit's entries first, a sequential scan the whole table).
    const [row] = await queryRows<{ ids: string[]; n: number | null }>(
      db,
      sql`SELECT array_to_json(u.ids) AS ids,
            ${
              fewKnown
                ? sql`NULL::int`
                : sql`(SELECT count(*)::int FROM (SELECT 1 FROM unnest(u.ids) sub(id), LATERAL (
                    SELECT 1 FROM ticket_agencies ta WHERE ta.org_unit_id = sub.id ORDER BY ta.ticket_id LIMIT ${fewTickets + 1}
                  ) l LIMIT ${fewTickets + 1}) x)`
            } AS n
          FROM (SELECT ${subtreeOf(unitId)} AS ids) u`,
    );
    const entry = {
      ids: row!.ids,
      idsUntil: now + SUBTREE_CACHE_MS,
      generation,
      few: fewKnown ? cached.few : row!.n! <= fewTickets,
      fewUntil: fewKnown ? cached.fewUntil : now + FEW_FOR_MS,
    };
    if (known.size >= 10_000) known.clear();
    known.set(key, entry);
    return entry;
  };
  const inScope = scope.kind === 'units' ? await unitsOf(scope.unitId) : undefined;
  const inAgency = agencyId ? await unitsOf(agencyId) : undefined;
  return { scope: inScope?.ids ?? null, agency: inAgency?.ids ?? null, few: !!(inScope?.few || inAgency?.few) };
}

function filterConditions(filter: Omit<TicketFilter, 'after' | 'limit' | 'now'>, units: ScopeUnits): SQL | undefined {
  return and(
    units.scope ? handledByUnits(units.scope, 'ta') : undefined,
    filter.q ? sql`${tickets.search} @@ plainto_tsquery('simple', vn_norm(${filter.q}))` : undefined,
    filter.code ? eq(tickets.code, filter.code) : undefined,
    filter.statuses?.length ? inArray(tickets.status, filter.statuses) : undefined,
    filter.types?.length ? inArray(tickets.type, filter.types) : undefined,
    filter.domains?.length ? inArray(tickets.domainCode, filter.domains) : undefined,
    filter.channels?.length ? inArray(tickets.originChannel, filter.channels) : undefined,
    units.agency ? handledByUnits(units.agency, 'ta2') : undefined,
    filter.assigneeId ? eq(tickets.assigneeId, filter.assigneeId) : undefined,
    filter.from ? gte(tickets.createdAt, filter.from) : undefined,
    filter.to ? lte(tickets.createdAt, filter.to) : undefined,
    // Uses tickets_stage_due_idx (partial: only running stages have a due time).
    filter.overdue ? (filter.overdue.is ? lt(tickets.stageDueAt, filter.overdue.now) : or(isNull(tickets.stageDueAt), gte(tickets.stageDueAt, filter.overdue.now))) : undefined,
    filter.extension ? sql`EXISTS (SELECT 1 FROM ticket_extensions x WHERE x.ticket_id = tickets.id AND x.status = ${filter.extension})` : undefined,
  );
}

/**
 * Newest first, in the order of tickets_created_idx and tickets_status_created_idx, which are
 * DESC NULLS LAST (a plain `DESC` means NULLS FIRST, which those indexes cannot give).
 */
const NEWEST_FIRST = [sql`${tickets.createdAt} DESC NULLS LAST`, sql`${tickets.id} DESC NULLS LAST`];
/** The same order written so that no index gives it: the planner must find the matches first. */
const NEWEST_FIRST_BY_SORTING = [desc(tickets.createdAt), desc(tickets.id)];

/**
 * Newest first, keyset-paginated. A word search reads the newest rows first or asks the
 * full-text index, whichever its words' frequencies make cheaper (search-plan.ts). Reading the
 * newest rows stops after `scanned` rows of the table or `passing` rows that pass the other
 * filters; a full page there is the newest page overall (any older match is older than the
 * whole window), otherwise the index answers.
 *
 * A list without words, of an agency (the caller's scope or the agency filter) that handles or
 * handled few tickets (`fewTickets`, FEW_AGENCY_TICKETS), finds its tickets first and sorts them:
 * reading the newest tickets until a page of the agency's is found reads every ticket for an
 * agency with none (measured at 3.7 M tickets: 28 s for a commune without tickets, 0.3 ms this way).
 * Of an agency with more, a list of queues only (unfinished states) reads each queue on its own
 * (newestPerStatus); any other list reads the newest tickets.
 */
export async function listTickets(db: Executor, filter: TicketFilter, scope: TicketScope, options: { fewTickets?: number } = {}): Promise<ListedTickets> {
  const after = filter.after
    ? or(lt(tickets.createdAt, filter.after.createdAt), and(eq(tickets.createdAt, filter.after.createdAt), lt(tickets.id, filter.after.id)))
    : undefined;
  const units = await scopeUnits(db, scope, filter.agencyId, options.fewTickets ?? FEW_AGENCY_TICKETS);
  const where = and(filterConditions(filter, units), after);
  if (!filter.q) {
    // Of an agency with many tickets, a list of queues only: each queue on its own (newestPerStatus).
    const queues = !units.few && (units.scope || units.agency) && filter.statuses?.length && !filter.statuses.some(isFinished) ? filter.statuses : undefined;
    const rows = await selectList(db)
      .where(queues ? sql`${tickets.id} IN (${newestPerStatus(db, queues, where, filter.limit)})` : where)
      .orderBy(...(units.few ? NEWEST_FIRST_BY_SORTING : NEWEST_FIRST))
      .limit(filter.limit);
    return { rows, complete: true };
  }
  const { q, ...others } = filter;
  const plan = chooseSearchPlan(await wordStatistics(db), q, filter.limit);
  if (plan.kind === 'newest-first') {
    const page = await db
      .with(db.$with('tickets', {}).as(newestWindow(db, others, units, after, plan)))
      .select(listColumns)
      .from(tickets)
      .where(sql`${tickets.search} @@ plainto_tsquery('simple', vn_norm(${q}))`)
      .orderBy(...NEWEST_FIRST)
      .limit(filter.limit);
    if (page.length >= filter.limit) return { rows: page, complete: true };
    // The window's matches are the newest ones: what the search has found if the index runs out of time.
    return searchByIndex(db, where, filter.limit, filter.after?.createdAt ?? filter.now, [], { budgetMs: filter.budgetMs, found: page });
  }
  // Filters and an agency's scope leave fewer matches in recent days than the words' shares
  // promise: the recent spans would be asked in vain (measured: 7.7 → 9 ms of PostgreSQL's CPU).
  // Whether anything narrows the words' matches is whether the filters, without the words, make a condition.
  const narrowed = filterConditions(others, units) !== undefined;
  return searchByIndex(db, where, filter.limit, filter.after?.createdAt ?? filter.now, narrowed ? [] : plan.recentDays, { budgetMs: filter.budgetMs, found: [] });
}

/**
 * The matches of `where` (a word search) through the full-text index, newest first: first those
 * created in each of the `recentDays` spans before `before` (the index's matches and the span's
 * tickets, intersected before any row is fetched), then all of them. A full page within a span
 * is the newest page overall: every match left out is older than the span.
 *
 * Asking for all of them costs as much as the index's lists of the words' tickets are long:
 * two common words that never occur together cost 1.5-1.9 s at 10,000,000 tickets. With a
 * budget that query stops after `budgetMs` (statement_timeout, in a transaction of its own)
 * and the search answers with the matches already found (`found`, or a span's), which are the
 * newest ones, as incomplete.
 */
export async function searchByIndex(
  db: Executor,
  where: SQL | undefined,
  limit: number,
  before: Date,
  recentDays: readonly number[],
  options: { budgetMs?: number | undefined; found?: ListedTicket[] } = {},
): Promise<ListedTickets> {
  let last: { days: number; found: number } | undefined;
  let found = options.found ?? [];
  for (const days of recentDays) {
    // A longer span is asked only if matches at the last span's rate would fill a page in it:
    // reading a span's tickets from the index costs more the longer it is.
    if (last && (last.found * days) / last.days < limit) break;
    const since = new Date(before.getTime() - days * 86_400_000);
    const page = await db.select(listColumns).from(tickets).where(and(where, gte(tickets.createdAt, since))).orderBy(...NEWEST_FIRST_BY_SORTING).limit(limit);
    if (page.length >= limit) return { rows: page, complete: true };
    last = { days, found: page.length };
    if (page.length > found.length) found = page;
  }
  const all = (on: Executor) => selectList(on).where(where).orderBy(...NEWEST_FIRST_BY_SORTING).limit(limit);
  if (!options.budgetMs) return { rows: await all(db), complete: true };
  const budget = String(options.budgetMs);
  try {
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('statement_timeout', ${budget}, true)`);
      return all(tx);
    });
    return { rows, complete: true };
  } catch (err) {
    if (sqlStateOf(err) !== QUERY_CANCELED) throw err;
    return { rows: found, complete: false };
  }
}

/** SQLSTATE of a statement stopped by statement_timeout (or cancelled). */
const QUERY_CANCELED = '57014';

const { leadAgencyCode: _, ...plainListColumns } = listColumns;
/** What the window keeps of each row: the list's columns and what the filters and the search read. */
const windowColumns = {
  ...plainListColumns,
  leadAgencyId: tickets.leadAgencyId,
  assigneeId: tickets.assigneeId,
  stageDueAt: tickets.stageDueAt,
  search: tickets.search,
};
/**
 * The newest rows after the keyset position, at most `scanned` of them, those passing the other
 * filters, at most `passing` of them, in index order and read once (the words are checked on
 * them as they come, so a common word stops after a few dozen rows). The window is a CTE named
 * `tickets` (inside it, `tickets` is still the table), and its inner level is named so too: the
 * filters and the list's columns, written against the table, read the window. Nested drizzle
 * subqueries instead cost 0.3 ms more CPU to build, more than a common word takes in PostgreSQL.
 */
function newestWindow(
  db: Executor,
  filter: Omit<TicketFilter, 'after' | 'limit' | 'q' | 'now'>,
  units: ScopeUnits,
  after: SQL | undefined,
  plan: { scanned: number; passing: number },
): SQL {
  const newest = db.select(windowColumns).from(tickets);
  if (!Number.isFinite(plan.scanned)) return sql`${newest.where(and(filterConditions(filter, units), after)).orderBy(...NEWEST_FIRST).limit(plan.passing)}`;
  return sql`SELECT * FROM (${newest.where(after).orderBy(...NEWEST_FIRST).limit(plan.scanned)}) tickets
    WHERE ${filterConditions(filter, units) ?? sql`true`}
    ORDER BY tickets.created_at DESC NULLS LAST, tickets.id DESC NULLS LAST LIMIT ${plan.passing}`;
}

/**
 * The ids of the newest `limit` tickets of `where` in each of the queues `statuses`, each queue
 * read newest first along tickets_status_created_idx (the page is the newest `limit` of them).
 * An agency's queue page read from the newest tickets of all states makes the planner guess how
 * far back its open tickets lie: it supposes them spread over all the years, while they are the
 * newest, and so either hashes every row the agency ever had in ticket_agencies or walks back
 * through the years for an agency with little open (measured at 1 M tickets, a page of three
 * queues through listTickets: the busiest agency 18.5-18.8 ms, a commune just above
 * FEW_AGENCY_TICKETS 9.2 ms; 2.9-4.1 ms this way, the same rows). Walking a queue costs at most
 * its length, the open backlog, never the history.
 */
function newestPerStatus(db: Executor, statuses: readonly string[], where: SQL | undefined, limit: number): SQL {
  const newest = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(sql`${tickets.status} = queue.status`, where))
    .orderBy(...NEWEST_FIRST)
    .limit(limit);
  return sql`SELECT newest.id FROM unnest(ARRAY[${sql.join(
    statuses.map((status) => sql`${status}`),
    sql`, `,
  )}]::text[]) AS queue(status), LATERAL (${newest}) AS newest`;
}

/** Finished counts per database and scope, counted again after this long. */
const finishedCounts = new WeakMap<Executor, Map<string, { until: number; rows: Promise<Array<{ status: string; count: number }>> }>>();
export const FINISHED_COUNTS_FOR_MS = 60_000;

/**
 * Per status: how many tickets, how many past their running stage's due time at `now`, how many
 * with an extension request waiting. The queues (unfinished states) are counted at every call;
 * the finished states at most once a minute per scope and filter, since counting them reads
 * every ticket of the scope (measured at 5.2 M tickets: 5.7 s for the hotline's counters, 7 s for
 * an agency's of 10,000 tickets, at every opening of the console). No finished ticket has a
 * running stage or an extension request waiting, so their other counts are 0.
 */
export async function countByStatus(db: Executor, filter: Omit<TicketFilter, 'after' | 'limit' | 'now'>, scope: TicketScope, now: Date) {
  const where = filterConditions(filter, await scopeUnits(db, scope, filter.agencyId, FEW_AGENCY_TICKETS));
  const count = sql<number>`count(*)::int`;
  const unfinished = await db
    .select({
      status: tickets.status,
      count,
      overdue: sql<number>`(count(*) FILTER (WHERE ${tickets.stageDueAt} < ${now}))::int`,
      // The waiting requests are read once and hashed (a hashed SubPlan), not probed for every open
      // ticket: a correlated EXISTS ran once per row, which PGlite's executor pays dearly for.
      extensionRequests: sql<number>`(count(*) FILTER (WHERE ${tickets.id} IN (SELECT x.ticket_id FROM ticket_extensions x WHERE x.status = 'requested')))::int`,
    })
    .from(tickets)
    .where(and(where, inArray(tickets.status, [...QUEUE_STATUSES])))
    .groupBy(tickets.status);
  let known = finishedCounts.get(db);
  if (!known) finishedCounts.set(db, (known = new Map()));
  const key = `${scope.kind === 'units' ? scope.unitId : 'all'}|${JSON.stringify(filter)}`;
  let entry = known.get(key);
  if (!entry || entry.until <= Date.now()) {
    const rows = db.select({ status: tickets.status, count }).from(tickets).where(and(where, inArray(tickets.status, [...FINISHED_STATUSES]))).groupBy(tickets.status);
    if (known.size >= 10_000) known.clear();
    entry = { until: Date.now() + FINISHED_COUNTS_FOR_MS, rows: Promise.resolve(rows) };
    known.set(key, entry);
    // A failed count is not kept.
    entry.rows.catch(() => known.delete(key));
  }
  const finished = await entry.rows;
  return [...unfinished, ...finished.map((r) => ({ ...r, overdue: 0, extensionRequests: 0 }))];
}
