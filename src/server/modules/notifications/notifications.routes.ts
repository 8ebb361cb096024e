/**
 * `/api/v1/notifications`: the caller's own in-app notifications (deadline reminders and
 * escalations …), with the unread count for the bell. Every staff role; each sees only theirs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadCount } from './notifications.service.ts';

const staff = { roles: ['operator', 'supervisor', 'leader', 'admin', 'agency_focal', 'agency_staff'] } as const;
const tags = ['notifications'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const NotificationSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'deadline.reminder, deadline.due, deadline.overdue, …' }),
  title: Type.String(),
  body: Type.String(),
  ticketCode: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});
const UnreadCount = Type.Object({ unreadCount: Type.Integer() });
const Id = () => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const IdParams = Type.Object({ id: Id() });

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Your notifications, newest first (keyset: pass `nextBefore` as `before`)',
        querystring: Type.Object({
          unreadOnly: Type.Optional(Type.Boolean()),
          before: Type.Optional(Id()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(NotificationSchema), unreadCount: Type.Integer(), nextBefore: Nullable(Type.Integer()) }), ...problems(400, 401, 403) },
      },
    },
    async (req) => listNotifications(app.deps, req.actor, req.query),
  );

  app.get(
    '/unread-count',
    { config: { access: staff }, schema: { tags, summary: 'How many of your notifications are unread', response: { 200: UnreadCount, ...problems(401, 403) } } },
    async (req) => unreadCount(app.deps, req.actor),
  );

  app.post(
    '/:id/read',
    {
      config: { access: staff },
      schema: { tags, summary: 'Mark one of your notifications read', params: IdParams, response: { 200: UnreadCount, ...problems(400, 401, 403, 404) } },
    },
    async (req) => markNotificationRead(app.deps, req.actor, req.params.id),
  );

  app.post(
    '/read-all',
    {
      config: { access: staff },
      schema: { tags, summary: 'Mark all your notifications read', response: { 200: Type.Object({ marked: Type.Integer(), unreadCount: Type.Integer() }), ...problems(401, 403) } },
    },
    async (req) => markAllNotificationsRead(app.deps, req.actor),
  );
};
