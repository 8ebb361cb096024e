import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { contactHistory, contactHistoryByPhone, mergeContacts, revealContact } from './contacts.service.ts';

const hotline = { access: { roles: ['operator', 'supervisor'] } } as const;
const tags = ['contacts'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ContactSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  phones: Type.Array(Type.String()),
  email: Nullable(Type.String()),
  address: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  masked: Type.Boolean({ description: 'True unless this is the answer of an (audited) reveal' }),
});

const HistorySchema = Type.Object({
  contact: Nullable(ContactSchema),
  tickets: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), status: Type.String(), type: Type.String(), createdAt: Type.String() })),
  interactions: Type.Array(
    Type.Object({
      id: Type.String(),
      channel: Type.String(),
      direction: Type.String(),
      occurredAt: Type.String(),
      ticketId: Nullable(Type.String()),
      callDurationSeconds: Nullable(Type.Integer()),
      callDisposition: Nullable(Type.String()),
    }),
  ),
});

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Contacts for the hotline: who is calling, their history, reveal (audited), merge. */
export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/lookup',
    {
      config: hotline,
      schema: { tags, summary: 'The caller behind a phone number, with their tickets and interactions (masked)', querystring: Type.Object({ phone: Type.String({ minLength: 3, maxLength: 30 }) }, { additionalProperties: false }), response: { 200: HistorySchema, ...problems(400, 401, 403, 422) } },
    },
    async (req) => contactHistoryByPhone(app.deps, req.query.phone),
  );

  app.get(
    '/:id',
    { config: hotline, schema: { tags, summary: 'A contact’s history (masked)', params: IdParams, response: { 200: HistorySchema, ...problems(400, 401, 403, 404) } } },
    async (req) => contactHistory(app.deps, req.params.id),
  );

  app.post(
    '/:id/reveal',
    {
      config: hotline,
      schema: {
        tags,
        summary: 'Show the contact’s personal data in clear; recorded in the audit trail with the reason',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: ContactSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => revealContact(app.deps, req.actor, req.params.id, req.body.reason),
  );

  app.post(
    '/:id/merge',
    {
      config: hotline,
      schema: {
        tags,
        summary: 'Merge this contact into another (the same person): phones, interactions and tickets move',
        params: IdParams,
        body: Type.Object({ targetId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: ContactSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => mergeContacts(app.deps, req.actor, req.params.id, req.body.targetId),
  );
};
