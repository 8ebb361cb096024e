/**
 * `GET /api/v1/live/tickets`: a server-sent-events stream of changes to the tickets the user
 * may see, so consoles refresh their queues without polling. EventSource sends the session
 * cookie by itself; the request is a GET, so no CSRF token is involved.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { createLiveHub, type LiveEvent } from './live.service.ts';

/** Below the idle timeouts of the usual proxies (nginx: 60 s). */
const HEARTBEAT_MS = 25_000;
const RETRY_MS = 3000;
/**
 * A stream ends after this long and the browser reconnects through the auth hook again, so a
 * signed-out or disabled user, or a changed role, stops hearing changes within this time.
 */
const MAX_STREAM_MS = 10 * 60_000;
/** A client this far behind is cut off; it reconnects and reloads its queues. */
const MAX_BUFFERED_BYTES = 1 << 20;

const staff = { roles: ['operator', 'supervisor', 'leader', 'admin', 'agency_focal', 'agency_staff'] } as const;

const LiveQuery = Type.Object({
  once: Type.Optional(Type.Literal('1', { description: 'Send the opening (`retry:`) and end the stream: a probe for monitors and tests.' })),
});

function frame(event: LiveEvent): string {
  if (event.kind === 'resync') return 'event: resync\ndata: {}\n\n';
  if (event.kind === 'notification') return `event: notification\ndata: ${JSON.stringify({ id: event.id, kind: event.notificationKind, title: event.title })}\n\n`;
  return `event: ticket\ndata: ${JSON.stringify({ code: event.code, status: event.status, at: event.at })}\n\n`;
}

export const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const hub = createLiveHub({ database: app.deps.database, log: app.deps.log });
  // Open streams would keep the HTTP server from closing, so they end before it does.
  app.addHook('preClose', async () => hub.endAll());
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/tickets',
    {
      config: { access: staff },
      schema: {
        tags: ['live'],
        summary:
          'Changes to the tickets in your scope, as server-sent events (`event: ticket`, data `{code, status, at}`; `event: notification`, data `{id, kind, title}`: a new notification of yours; `event: resync`: reload, changes may have been missed)',
        querystring: LiveQuery,
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } }, ...problems(401, 403) },
      },
    },
    async (req, reply) => {
      await hub.ready();
      reply.hijack();
      const res = reply.raw;
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      res.write(`retry: ${RETRY_MS}\n\n`);
      if (req.query.once) {
        res.end();
        return;
      }

      const write = (text: string) => {
        if (res.writableEnded || res.destroyed) return;
        if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
        else res.write(text);
      };
      const unwatch = hub.watch(req.actor, { deliver: (event) => write(frame(event)), end: () => res.end() });
      const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => res.end(), MAX_STREAM_MS);
      res.on('close', () => {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unwatch();
      });
    },
  );
};
