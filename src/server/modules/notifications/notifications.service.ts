/**
 * In-app notifications (the bell with the unread count): each user reads and marks only their
 * own. Other modules hand a message to `deliverNotice` inside their transaction: it stores one
 * notification per user and queues one email per address in the outbox.
 */
import type { Database, Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Actor } from '../auth/actor.ts';
import { enqueueOutbox } from '../outbox/outbox.service.ts';
import * as repo from './notifications.repository.ts';

export interface NotificationsDeps {
  database: Database;
  clock: Clock;
}

export interface NotificationView {
  id: number;
  kind: string;
  title: string;
  body: string;
  ticketCode: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  unreadCount: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

const view = (r: repo.NotificationRow): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  ticketCode: r.ticketCode,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

/** A user's account, or refusal: notifications belong to people, not to API tokens. */
function userOf(actor: Actor): string {
  if (!actor.userId) throw new AppError('auth.forbidden');
  return actor.userId;
}

/** The caller's notifications, newest first. */
export async function listNotifications(deps: NotificationsDeps, actor: Actor, query: { unreadOnly?: boolean | undefined; before?: number | undefined; limit?: number | undefined }): Promise<NotificationPage> {
  const userId = userOf(actor);
  const limit = query.limit ?? 20;
  const rows = await repo.listForUser(deps.database.db, userId, { unreadOnly: query.unreadOnly ?? false, before: query.before, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    items: page.map(view),
    unreadCount: await repo.countUnread(deps.database.db, userId),
    nextBefore: rows.length > limit ? page.at(-1)!.id : null,
  };
}

export async function unreadCount(deps: NotificationsDeps, actor: Actor): Promise<{ unreadCount: number }> {
  return { unreadCount: await repo.countUnread(deps.database.db, userOf(actor)) };
}

/** Marks one of the caller's notifications read; someone else's is "not found". */
export async function markNotificationRead(deps: NotificationsDeps, actor: Actor, id: number): Promise<{ unreadCount: number }> {
  const userId = userOf(actor);
  if (!(await repo.markRead(deps.database.db, userId, id, deps.clock.now()))) throw new AppError('notification.not_found');
  return { unreadCount: await repo.countUnread(deps.database.db, userId) };
}

export async function markAllNotificationsRead(deps: NotificationsDeps, actor: Actor): Promise<{ marked: number; unreadCount: number }> {
  const marked = await repo.markAllRead(deps.database.db, userOf(actor), deps.clock.now());
  return { marked, unreadCount: 0 };
}

/** One message to several people: users get it in the app (and by email when they have one), addresses by email. */
export interface Notice {
  /** deadline.reminder, deadline.due, deadline.overdue, … */
  kind: string;
  ticketId: string | null;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  users: repo.Recipient[];
  /** Addresses without an account behind them (a unit head's, an email-only unit's). */
  emails: string[];
  /** Makes the emails idempotent: `<dedupePrefix>:<address>`. */
  dedupePrefix: string;
}

/** Stores the notice for each user once and queues one email per distinct address, in `t`. */
export async function deliverNotice(t: Executor, notice: Notice, now: Date): Promise<{ notified: string[]; emailed: string[] }> {
  const users = [...new Map(notice.users.map((u) => [u.id, u])).values()];
  await repo.insertNotifications(
    t,
    users.map((u) => ({ userId: u.id, kind: notice.kind, ticketId: notice.ticketId, title: notice.title, body: notice.body, data: notice.data ?? null, createdAt: now })),
  );
  const emails = new Map<string, string>();
  for (const address of [...users.map((u) => u.email), ...notice.emails]) {
    const clean = address?.trim();
    if (clean && !emails.has(clean.toLowerCase())) emails.set(clean.toLowerCase(), clean);
  }
  for (const [key, address] of emails) {
    await enqueueOutbox(t, { channel: 'email', recipient: address, subject: notice.title, body: notice.body, kind: notice.kind, ticketId: notice.ticketId, dedupeKey: `${notice.dedupePrefix}:${key}` }, now);
  }
  return { notified: users.map((u) => u.id), emailed: [...emails.values()] };
}

/** A notice to every active user holding `role` (e.g. the supervisors), in `t`. */
export async function notifyRole(t: Executor, role: string, notice: Omit<Notice, 'users' | 'emails'>, now: Date): Promise<{ notified: string[] }> {
  const users = await repo.activeUsersWithRole(t, role);
  const { notified } = await deliverNotice(t, { ...notice, users, emails: [] }, now);
  return { notified };
}

/** A notice to the given users (those still active), in `t`. */
export async function notifyUsers(t: Executor, userIds: string[], notice: Omit<Notice, 'users' | 'emails'>, now: Date): Promise<{ notified: string[] }> {
  const users = (await Promise.all([...new Set(userIds)].map((id) => repo.activeUser(t, id)))).filter((u): u is repo.Recipient => u !== undefined);
  const { notified } = await deliverNotice(t, { ...notice, users, emails: [] }, now);
  return { notified };
}
