import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { TicketCodeParams } from '../tickets/tickets.schemas.ts';
import { CreateRoutingRuleBody, RoutingRuleListQuery, RoutingRuleParams, RoutingRuleSchema, RoutingSuggestionsSchema } from './routing.schemas.ts';
import { createRoutingRule, disableRoutingRule, listRoutingRules, routingSuggestions } from './routing.service.ts';

const tags = ['routing'];

/** Routing rules (administrators) and the forward dialog's suggestions (the hotline). */
export const routingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/routing-rules',
    {
      config: { access: { roles: ['admin'] } },
      schema: { tags, summary: 'Routing rules, highest priority first', querystring: RoutingRuleListQuery, response: { 200: Type.Object({ items: Type.Array(RoutingRuleSchema) }), ...problems(400, 401, 403) } },
    },
    async (req) => ({ items: await listRoutingRules(app.deps, req.query.includeDisabled) }),
  );

  app.post(
    '/routing-rules',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags,
        summary: 'Add a routing rule: (domain, commune, ticket type) → lead agency + cooperating agencies',
        description: 'A unit that ended (the 2025 reform) is refused with 422 `routing_rule.unit_ended`, naming its successors.',
        body: CreateRoutingRuleBody,
        response: { 201: RoutingRuleSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createRoutingRule(app.deps, req.actor, req.body)),
  );

  app.post(
    '/routing-rules/:id/disable',
    {
      config: { access: { roles: ['admin'] } },
      schema: { tags, summary: 'Disable a routing rule (kept for the record)', params: RoutingRuleParams, response: { 200: RoutingRuleSchema, ...problems(400, 401, 403, 404) } },
    },
    async (req) => disableRoutingRule(app.deps, req.actor, req.params.id),
  );

  app.get(
    '/tickets/:code/routing-suggestions',
    {
      config: { access: { roles: ['operator', 'supervisor'] } },
      schema: {
        tags,
        summary: 'Ranked agencies to forward the ticket to, each with the reason (matching rule; similar tickets forwarded in the last 90 days)',
        params: TicketCodeParams,
        response: { 200: RoutingSuggestionsSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => routingSuggestions(app.deps, req.actor, req.params.code),
  );
};
