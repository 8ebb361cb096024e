/** `GET /api/v1/outbox`: the messages waiting to be sent (or sent, or given up), for administrators and supervisors. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StringEnum, problems } from '../../lib/schemas.ts';
import { listOutbox } from './outbox.service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const OutboxItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  channel: Type.String(),
  recipient: Type.String({ description: 'Masked for supervisors' }),
  subject: Nullable(Type.String()),
  body: Type.String({ description: 'Answer links are hidden' }),
  kind: Type.String({ description: 'What caused it: deadline.reminder, deadline.due, deadline.overdue, agency_link, …' }),
  ticketCode: Nullable(Type.String()),
  status: Type.String({ description: 'pending, sent, failed' }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String({ format: 'date-time' }),
  lastError: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
});

export const outboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: { roles: ['admin', 'supervisor'] } },
      schema: {
        tags: ['outbox'],
        summary: 'Queued outbound messages, newest first (no transport yet: they stay pending)',
        querystring: Type.Object({
          status: Type.Optional(StringEnum(['pending', 'sent', 'failed'] as const)),
          ticketCode: Type.Optional(Type.String({ maxLength: 40 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OutboxItemSchema), nextCursor: Nullable(Type.String()) }), ...problems(400, 401, 403) },
      },
    },
    async (req) => listOutbox(app.deps.database, req.actor, req.query),
  );
};
