import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { CreateTicketBody, TicketCodeParams, TicketListQuery, TicketListSchema, TicketSchema } from './tickets.schemas.ts';
import { countTickets, createTicket, getTicket, listTickets, newTicketView } from './tickets.service.ts';

const readers = { roles: ['operator', 'supervisor', 'leader', 'admin', 'agency_focal', 'agency_staff'], scopes: ['tickets:read'] } as const;
const tags = ['tickets'];

/** Staff tickets API: list and search, queue counts, create (e.g. from a call), read. */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: readers },
      schema: { tags, summary: 'Search and list tickets in your scope, newest first (keyset pagination)', querystring: TicketListQuery, response: { 200: TicketListSchema, ...problems(400, 401, 403) } },
    },
    async (req) => listTickets(app.deps, req.actor, req.query),
  );

  app.get(
    '/counts',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Ticket counts per status in your scope (queue counters), the overdue ones per status, and extension requests waiting for a decision',
        response: {
          200: Type.Object({
            counts: Type.Record(Type.String(), Type.Integer(), {
              description: 'Per status. The queues (every state but answered, closed and rejected) are counted at each call; the finished states at most once a minute per scope, so their counts may be up to a minute old',
            }),
            overdue: Type.Record(Type.String(), Type.Integer(), { description: 'Per status: tickets whose running stage is past its due time' }),
            extensionRequests: Type.Integer({ description: 'Tickets whose extension request waits for a supervisor' }),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (req) => countTickets(app.deps, req.actor),
  );

  app.post(
    '/',
    {
      config: { access: { roles: ['operator', 'supervisor'], scopes: ['tickets:write'] } },
      schema: {
        tags,
        summary: 'Create a ticket, with its contact (found by phone or created) and the interaction it came from, in one request',
        body: CreateTicketBody,
        response: { 201: TicketSchema, ...problems(401, 403, 422) },
      },
    },
    async (req, reply) => {
      const ticket = await createTicket(app.deps, req.actor, req.body);
      return reply.status(201).send(newTicketView(app.deps, req.actor, ticket));
    },
  );

  app.get(
    '/:code',
    { config: { access: readers }, schema: { tags, summary: 'One ticket with its history', params: TicketCodeParams, response: { 200: TicketSchema, ...problems(400, 401, 403, 404) } } },
    async (req) => getTicket(app.deps, req.actor, req.params.code),
  );
};
