/** SQL for in-app notifications, deadline alerts and who receives them. */
import { and, asc, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/database.ts';
import { NOTIFICATION_CHANNEL } from '../live/change-feed.ts';
import { deadlineAlerts, notifications, orgUnits, tickets, users } from '../../db/schema/index.ts';


/** A running stage the alerts job looks at. */
export interface StageRun {
  id: string;
  code: string;
  title: string;
  stage: string;
  stageStartedAt: Date;
  stageDueAt: Date;
  leadAgencyId: string | null;
  assigneeId: string | null;
}

const stageRunColumns = {
  id: tickets.id,
  code: tickets.code,
  title: tickets.title,
  stage: sql<string>`${tickets.stage}`,
  stageStartedAt: sql<Date>`${tickets.stageStartedAt}`.mapWith(tickets.stageStartedAt),
  stageDueAt: sql<Date>`${tickets.stageDueAt}`.mapWith(tickets.stageDueAt),
  leadAgencyId: tickets.leadAgencyId,
  assigneeId: tickets.assigneeId,
};

type Keyset = { dueAt: Date; id: string } | undefined;
const afterKey = (after: Keyset) => (after ? sql`(${tickets.stageDueAt}, ${tickets.id}) > (${after.dueAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined);
const alertExists = (kind: string, day: string) =>
  sql`EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.ticket_id = ${tickets.id} AND a.stage = ${tickets.stage} AND a.stage_started_at = ${tickets.stageStartedAt} AND a.kind = ${kind} AND a.day = ${day})`;

/**
 * Running, unpaused stages due by `now` that still lack their `due` alert, or (when `overdueDay`
 * is given: a working day) today's `overdue` alert for a deadline before `dayStart`. Walks
 * tickets_stage_due_idx in (stage_due_at, id) order, `limit` rows after the keyset position.
 */
export async function findDueCandidates(db: Executor, now: Date, overdue: { day: string; dayStart: Date } | undefined, limit: number, after?: Keyset): Promise<StageRun[]> {
  const needsOverdue = overdue ? sql`(${tickets.stageDueAt} < ${overdue.dayStart.toISOString()}::timestamptz AND NOT ${alertExists('overdue', overdue.day)})` : sql`false`;
  return db
    .select(stageRunColumns)
    .from(tickets)
    .where(
      and(
        sql`${tickets.stageDueAt} IS NOT NULL`,
        sql`${tickets.stageDueAt} <= ${now.toISOString()}::timestamptz`,
        isNull(tickets.stagePausedAt),
        sql`${tickets.stage} IS NOT NULL AND ${tickets.stageStartedAt} IS NOT NULL`,
        sql`(NOT ${alertExists('due', '')} OR ${needsOverdue})`,
        afterKey(after),
      ),
    )
    .orderBy(asc(tickets.stageDueAt), asc(tickets.id))
    .limit(limit);
}

/** Running, unpaused stages due after `now` and by `horizon` without their reminder yet, nearest first. */
export async function findReminderCandidates(db: Executor, now: Date, horizon: Date, limit: number, after?: Keyset): Promise<StageRun[]> {
  return db
    .select(stageRunColumns)
    .from(tickets)
    .where(
      and(
        sql`${tickets.stageDueAt} IS NOT NULL`,
        sql`${tickets.stageDueAt} > ${now.toISOString()}::timestamptz`,
        sql`${tickets.stageDueAt} <= ${horizon.toISOString()}::timestamptz`,
        isNull(tickets.stagePausedAt),
        sql`${tickets.stage} IS NOT NULL AND ${tickets.stageStartedAt} IS NOT NULL`,
        sql`NOT ${alertExists('reminder', '')}`,
        afterKey(after),
      ),
    )
    .orderBy(asc(tickets.stageDueAt), asc(tickets.id))
    .limit(limit);
}

/** The stage run as it is now (a transition may have moved it since the candidate was read). */
export async function currentStageRun(t: Executor, ticketId: string): Promise<(StageRun & { pausedAt: Date | null }) | undefined> {
  const [row] = await t
    .select({ ...stageRunColumns, pausedAt: tickets.stagePausedAt })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  return row && row.stage && row.stageStartedAt && row.stageDueAt ? row : undefined;
}

/** Records an alert once; returns its id, or undefined when it had already fired (another worker, an earlier run). */
export async function insertAlertOnce(t: Executor, values: typeof deadlineAlerts.$inferInsert): Promise<number | undefined> {
  const rows = await t
    .insert(deadlineAlerts)
    .values(values)
    .onConflictDoNothing({ target: [deadlineAlerts.ticketId, deadlineAlerts.stage, deadlineAlerts.stageStartedAt, deadlineAlerts.kind, deadlineAlerts.day] })
    .returning({ id: deadlineAlerts.id });
  return rows[0]?.id;
}

export interface Recipient {
  id: string;
  email: string | null;
}

/** The focal points an administrator named for the unit; when none, its active agency_focal users. */
export async function focalPointsOf(t: Executor, unitId: string): Promise<Recipient[]> {
  return queryRows<Recipient>(
    t,
    sql`WITH named AS (
          SELECT u.id, u.email FROM org_unit_focal_points f JOIN users u ON u.id = f.user_id
          WHERE f.org_unit_id = ${unitId} AND u.status = 'active'
        )
        SELECT id, email FROM named
        UNION ALL
        SELECT u.id, u.email FROM users u
        WHERE NOT EXISTS (SELECT 1 FROM org_unit_focal_points f WHERE f.org_unit_id = ${unitId})
          AND u.org_unit_id = ${unitId} AND u.status = 'active' AND 'agency_focal' = ANY(u.roles)`,
  );
}

export async function activeUsersWithRole(t: Executor, role: string): Promise<Recipient[]> {
  return queryRows<Recipient>(t, sql`SELECT id, email FROM users WHERE status = 'active' AND ${role} = ANY(roles) ORDER BY id`);
}

export async function activeUser(t: Executor, id: string): Promise<Recipient | undefined> {
  const [row] = await t.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.id, id), eq(users.status, 'active')));
  return row;
}

export interface UnitContact {
  id: string;
  code: string;
  name: string;
  email: string | null;
  emailOnly: boolean;
  headUserId: string | null;
  headEmail: string | null;
}

export async function unitContact(t: Executor, unitId: string): Promise<UnitContact | undefined> {
  const [row] = await t
    .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, email: orgUnits.email, emailOnly: orgUnits.emailOnly, headUserId: orgUnits.headUserId, headEmail: orgUnits.headEmail })
    .from(orgUnits)
    .where(eq(orgUnits.id, unitId));
  return row;
}

export type NotificationInsert = typeof notifications.$inferInsert;

/** Stores notifications and announces each to its user's live stream (at commit). */
export async function insertNotifications(t: Executor, rows: NotificationInsert[]): Promise<Array<{ id: number; userId: string }>> {
  if (rows.length === 0) return [];
  const inserted = await t.insert(notifications).values(rows).returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind, title: notifications.title });
  for (const n of inserted) await t.execute(sql`SELECT pg_notify(${NOTIFICATION_CHANNEL}, ${JSON.stringify(n)})`);
  return inserted;
}

export interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  ticketCode: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A user's notifications, newest first, before the id `before` (notifications_user_idx). */
export async function listForUser(db: Executor, userId: string, options: { unreadOnly: boolean; before?: number | undefined; limit: number }): Promise<NotificationRow[]> {
  return db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, ticketCode: tickets.code, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
    .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined, options.before !== undefined ? lt(notifications.id, options.before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(options.limit);
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks one of the user's notifications read (kept as first read); false when it is not theirs. */
export async function markRead(db: Executor, userId: string, id: number, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: Executor, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
