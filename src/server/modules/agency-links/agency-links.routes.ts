/**
 * `/api/v1/public/agency-answers/{token}`: the minimal answer page of an agency without
 * accounts (the web app's `/tra-loi/:token`). No login: the token is the proof; rate-limited
 * like every public route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { publicRoute } from '../../lib/rate-limits.ts';
import { problems } from '../../lib/schemas.ts';
import { answerThroughLink } from '../tickets/ticket-transitions.ts';
import { viewAgencyLink } from './agency-links.service.ts';

const tags = ['agency answer links'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const refusals = 'Refused: unknown or forged link 404 `agency_link.invalid`; expired 410 `agency_link.expired`; used or replaced by a newer link 409 `agency_link.used`; ticket no longer waiting for this agency 409 `agency_link.not_waiting`.';

export const agencyLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:token',
    {
      config: publicRoute(app.deps.config, 'read'),
      schema: {
        tags,
        summary: 'The ticket an email-only agency is asked to answer (without the citizen’s personal data)',
        description: refusals,
        params: TokenParams,
        response: {
          200: Type.Object({
            code: Type.String(),
            title: Type.String(),
            content: Type.String(),
            domainName: Nullable(Type.String()),
            agencyName: Type.String(),
            status: Type.String(),
            answerDueAt: Nullable(Type.String({ format: 'date-time', description: 'The deadline the agency works against now' })),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...problems(404, 409, 410, 429),
        },
      },
    },
    async (req) => viewAgencyLink(app.deps, req.params.token),
  );

  app.post(
    '/:token',
    {
      config: publicRoute(app.deps.config, 'write'),
      schema: {
        tags,
        summary: 'Submit the agency’s answer: the ticket goes to the hotline’s review (accepted on the way); the link is used up',
        description: refusals,
        params: TokenParams,
        body: Type.Object(
          {
            answer: Type.String({ minLength: 1, maxLength: 20_000 }),
            responderName: Type.String({ minLength: 1, maxLength: 200 }),
            responderTitle: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ code: Type.String(), status: Type.String() }), ...problems(400, 404, 409, 410, 422, 429) },
      },
    },
    async (req) => answerThroughLink(app.deps, req.actor, req.params.token, req.body),
  );
};
