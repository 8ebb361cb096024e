import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicRoute } from '../../lib/rate-limits.ts';
import { Type } from 'typebox';
import { TICKET_TYPES } from '../../../common/tickets.ts';
import { Nullable, StringEnum, problems } from '../../lib/schemas.ts';
import { rateAnswer, reopenTicket, citizenReplied } from './ticket-transitions.ts';
import { TicketCodeParams } from './tickets.schemas.ts';
import { submitTicket, trackTicket } from './citizen.service.ts';

const tags = ['citizen'];
const Phone = Type.String({ minLength: 3, maxLength: 30, description: 'The phone number given when submitting: it proves the ticket is yours' });

const Receipt = Type.Object({ code: Type.String(), status: Type.String(), createdAt: Type.String({ format: 'date-time' }), replayed: Type.Boolean() });

const Tracking = Type.Object({
  code: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  type: Type.String(),
  title: Type.String(),
  domainName: Nullable(Type.String()),
  leadAgencyName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  satisfaction: Nullable(Type.Integer()),
  canRate: Type.Boolean(),
  canReopen: Type.Boolean(),
  events: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), action: Type.String(), toStatus: Nullable(Type.String()), note: Nullable(Type.String()) })),
});

/** The citizen API: no login; the phone number proves ownership; rate-limited per address. */
export const publicTicketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const PUBLIC = publicRoute(app.deps.config, 'write');
  const READ = publicRoute(app.deps.config, 'read');
  app.post(
    '/',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Submit feedback, a petition, a question or a suggestion',
        description: 'Send an `Idempotency-Key` header (any unique string up to 200 characters) so that a retried submission makes one ticket.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            phone: Phone,
            email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
            type: Type.Optional(StringEnum(TICKET_TYPES)),
            domainCode: Type.Optional(Type.String({ maxLength: 64 })),
            title: Type.Optional(Type.String({ maxLength: 300 })),
            content: Type.String({ minLength: 10, maxLength: 20_000 }),
            address: Type.Optional(Type.String({ maxLength: 500 })),
            communeCode: Type.Optional(Type.String({ maxLength: 64 })),
            lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
            lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
            publicConsent: Type.Boolean({ description: 'May the question and answer be published (without personal data)?' }),
            consent: Type.Literal(true, { description: 'Consent to the processing of personal data (required)' }),
            channel: Type.Optional(StringEnum(['web', 'app'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Receipt, 200: Receipt, ...problems(400, 422, 429) },
      },
    },
    async (req, reply) => {
      const receipt = await submitTicket(app.deps, req.actor, req.body, req.headers['idempotency-key']);
      return reply.status(receipt.replayed ? 200 : 201).send(receipt);
    },
  );

  app.get(
    '/:code',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Track a ticket: state, dates and the public answer',
        params: TicketCodeParams,
        querystring: Type.Object({ phone: Phone }, { additionalProperties: false }),
        response: { 200: Tracking, ...problems(400, 404, 429) },
      },
    },
    async (req) => trackTicket(app.deps, req.params.code, req.query.phone),
  );

  app.post(
    '/:code/rating',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Rate the answer from 1 to 5 (the ticket is then closed)',
        params: TicketCodeParams,
        body: Type.Object({ phone: Phone, score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 200: Tracking, ...problems(400, 404, 409, 422, 429) },
      },
    },
    async (req) => {
      const phone = req.body.phone;
      await rateAnswer(app.deps, req.actor, req.params.code, { phone, score: req.body.score, comment: req.body.comment });
      return trackTicket(app.deps, req.params.code, phone);
    },
  );

  app.post(
    '/:code/reopen',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Not satisfied: reopen the ticket (within the allowed time and number of times)',
        params: TicketCodeParams,
        body: Type.Object({ phone: Phone, reason: Type.String({ minLength: 5, maxLength: 5000 }) }, { additionalProperties: false }),
        response: { 200: Tracking, ...problems(400, 404, 409, 422, 429) },
      },
    },
    async (req) => {
      await reopenTicket(app.deps, req.actor, req.params.code, { phone: req.body.phone, reason: req.body.reason });
      return trackTicket(app.deps, req.params.code, req.body.phone);
    },
  );

  app.post(
    '/:code/info',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Send the additional information the agency asked for',
        params: TicketCodeParams,
        body: Type.Object({ phone: Phone, reply: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
        response: { 200: Tracking, ...problems(400, 404, 409, 422, 429) },
      },
    },
    async (req) => {
      await citizenReplied(app.deps, req.actor, req.params.code, { phone: req.body.phone, reply: req.body.reply });
      return trackTicket(app.deps, req.params.code, req.body.phone);
    },
  );
};
