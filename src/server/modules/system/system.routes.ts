import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkReadiness } from './system.service.ts';

const ReadinessSchema = Type.Object({
  ready: Type.Boolean(),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  migrations: Type.Union([
    Type.Object({ applied: Type.Integer(), expected: Type.Integer(), current: Type.Boolean() }),
    Type.Null(),
  ]),
  lastHeartbeatAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** Liveness, readiness and metrics: what a process supervisor and a load balancer ask. */
export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    // Liveness must answer even under overload: a supervisor would otherwise restart a busy process.
    { config: { pressureHandler: () => undefined }, schema: { tags: ['system'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      // Readiness is about the database and the schema; overload has its own 503 on the API routes.
      config: { pressureHandler: () => undefined },
      schema: {
        tags: ['system'],
        summary: 'Readiness: database reachable and migrations current',
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_req, reply) => {
      const readiness = await checkReadiness(app.deps.database);
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );

  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics (text format)' } }, async (_req, reply) => {
    const { registry } = app.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
