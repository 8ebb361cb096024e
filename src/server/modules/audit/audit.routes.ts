import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { searchAudit } from './audit.service.ts';

const AuditRowSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
});

/** Searching the audit trail: administrators and leaders. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: { roles: ['admin', 'leader'], scopes: ['audit:read'] } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first',
        querystring: Type.Object(
          {
            actorId: Type.Optional(Type.String({ maxLength: 64 })),
            entityType: Type.Optional(Type.String({ maxLength: 64 })),
            entityId: Type.Optional(Type.String({ maxLength: 64 })),
            action: Type.Optional(Type.String({ maxLength: 64 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditRowSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await searchAudit(
        app.deps.database.db,
        {
          ...(q.actorId ? { actorId: q.actorId } : {}),
          ...(q.entityType ? { entityType: q.entityType } : {}),
          ...(q.entityId ? { entityId: q.entityId } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
          ...(q.cursor ? { beforeId: Number(q.cursor) } : {}),
        },
        q.limit + 1,
      );
      const page = rows.slice(0, q.limit);
      return {
        items: page.map(({ chain: _c, seq: _s, prevHash: _p, hash: _h, userAgent: _u, ...r }) => ({ ...r, at: r.at.toISOString() })),
        nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  );
};
