/**
 * The leaders' reports: read-only queries across tickets, their agencies and history (the one
 * module allowed to read other modules' tables, never to write them).
 */
import { and, eq, gte, inArray, isNotNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { orgUnits, ticketAgencies, tickets } from '../../db/schema/index.ts';
import { FINISHED_STATUSES } from '../../../common/tickets.ts';

/** A raw timestamp from a subquery, as a Date (the drivers differ). */
const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

export interface ProlongedCandidate {
  code: string;
  title: string;
  type: string;
  domainCode: string | null;
  status: string;
  stage: string | null;
  stageDueAt: Date | null;
  reopenCount: number;
  createdAt: Date;
  leadAgencyCode: string | null;
  leadAgencyName: string | null;
}

/**
 * Tickets that may be prolonged: an unfinished one whose running stage fell due before
 * `dueBefore`, or any (but rejected) reopened at least `minReopens` times.
 */
export async function findProlongedCandidates(db: Executor, dueBefore: Date, minReopens: number): Promise<ProlongedCandidate[]> {
  return db
    .select({
      code: tickets.code,
      title: tickets.title,
      type: tickets.type,
      domainCode: tickets.domainCode,
      status: tickets.status,
      stage: tickets.stage,
      stageDueAt: tickets.stageDueAt,
      reopenCount: tickets.reopenCount,
      createdAt: tickets.createdAt,
      leadAgencyCode: orgUnits.code,
      leadAgencyName: orgUnits.name,
    })
    .from(tickets)
    .leftJoin(orgUnits, eq(orgUnits.id, tickets.leadAgencyId))
    .where(
      or(
        and(isNotNull(tickets.stageDueAt), lt(tickets.stageDueAt, dueBefore), notInArray(tickets.status, [...FINISHED_STATUSES])),
        and(gte(tickets.reopenCount, minReopens), ne(tickets.status, 'rejected')),
      ),
    )
    .orderBy(tickets.stageDueAt, tickets.code);
}

export interface LeadAssignment {
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  since: Date;
  until: Date | null;
  status: string;
  leadAgencyId: string | null;
  answerDueAt: Date | null;
  answeredAt: Date | null;
  /** When the agency last submitted its answer for review. */
  submittedAt: Date | null;
}

/** Every time a ticket was given to an agency as lead in [from, to), with how it went. */
export async function findLeadAssignments(db: Executor, from: Date, to: Date, agencyIds?: string[]): Promise<LeadAssignment[]> {
  const rows = await db
    .select({
      agencyId: ticketAgencies.orgUnitId,
      agencyCode: orgUnits.code,
      agencyName: orgUnits.name,
      since: ticketAgencies.since,
      until: ticketAgencies.until,
      status: tickets.status,
      leadAgencyId: tickets.leadAgencyId,
      answerDueAt: tickets.answerDueAt,
      answeredAt: tickets.answeredAt,
      submittedAt: sql<unknown>`(SELECT max(e.at) FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.action = 'submit-answer')`,
    })
    .from(ticketAgencies)
    .innerJoin(tickets, eq(tickets.id, ticketAgencies.ticketId))
    .innerJoin(orgUnits, eq(orgUnits.id, ticketAgencies.orgUnitId))
    .where(
      and(
        eq(ticketAgencies.role, 'lead'),
        gte(ticketAgencies.since, from),
        lt(ticketAgencies.since, to),
        agencyIds ? inArray(ticketAgencies.orgUnitId, agencyIds) : undefined,
      ),
    );
  return rows.map((r) => ({ ...r, submittedAt: toDate(r.submittedAt) }));
}

/**
 * How often operators forwarded similar tickets (same domain, a commune among `communeIds`, or
 * none when the list is empty) to each lead agency since `since`, the ticket `excludeId` aside.
 */
export async function forwardCounts(db: Executor, q: { domainCode: string; communeIds: string[]; since: Date; excludeId: string }): Promise<Array<{ agencyCode: string; count: number }>> {
  const commune = q.communeIds.length > 0 ? sql`t.commune_id IN (${sql.join(q.communeIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`t.commune_id IS NULL`;
  const rows = await queryRows<{ agency_code: string; n: number | string }>(
    db,
    sql`SELECT e.data->>'leadAgency' AS agency_code, count(*) AS n
        FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE e.action = 'forward' AND e.at >= ${q.since} AND t.domain_code = ${q.domainCode} AND ${commune} AND t.id <> ${q.excludeId}
          AND e.data->>'leadAgency' IS NOT NULL
        GROUP BY 1`,
  );
  return rows.map((r) => ({ agencyCode: r.agency_code, count: Number(r.n) }));
}
