import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { CreateDeadlinePolicyBody, DeadlinePolicySchema } from './deadlines.schemas.ts';
import { createDeadlinePolicy, listDeadlinePolicies } from './deadlines.service.ts';

const tags = ['deadlines'];

/** Deadline policy versions: read by the hotline's managers and leaders, added by administrators. */
export const deadlineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/deadline-policies',
    {
      config: { access: { roles: ['admin', 'supervisor', 'leader'] } },
      schema: { tags, summary: 'Deadline policy versions, newest first', response: { 200: Type.Object({ items: Type.Array(DeadlinePolicySchema) }), ...problems(401, 403) } },
    },
    async () => ({ items: await listDeadlinePolicies(app.deps) }),
  );

  app.post(
    '/deadline-policies',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags,
        summary: 'Add a deadline policy version (from a decision, effective today or later)',
        description: 'The open-ended version in force before it ends the day before; any other overlap is refused with 409 `deadline_policy.overlap`. Tickets keep the version they were created under.',
        body: CreateDeadlinePolicyBody,
        response: { 201: DeadlinePolicySchema, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createDeadlinePolicy(app.deps, req.actor, req.body)),
  );
};
