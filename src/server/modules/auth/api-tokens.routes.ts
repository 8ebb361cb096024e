import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { API_TOKEN_SCOPES, API_TOKEN_SCOPE_NAMES } from '../../../common/scopes.ts';
import { StringEnum, problems } from '../../lib/schemas.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.ts';

const ApiTokenSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'Identifies the token in lists and logs; not secret' }),
  scopes: Type.Array(Type.String()),
  rateLimitPerMinute: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const scopeHelp = Object.entries(API_TOKEN_SCOPES)
  .map(([k, v]) => `\`${k}\`: ${v}`)
  .join('; ');
const admin = { access: { roles: ['admin'] } } as const;

/** Administrators issue and revoke tokens for machines. */
export const apiTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { config: admin, schema: { tags: ['api-tokens'], summary: 'API tokens (never their secret)', response: { 200: Type.Object({ items: Type.Array(ApiTokenSchema) }), ...problems(401, 403) } } },
    async () => ({ items: await listApiTokens(app.deps) }),
  );

  app.post(
    '/',
    {
      config: admin,
      schema: {
        tags: ['api-tokens'],
        summary: 'Issue a token; the token is shown once',
        description: `Scopes: ${scopeHelp}. Use it as \`Authorization: Bearer <token>\`.`,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scopes: Type.Array(StringEnum(API_TOKEN_SCOPE_NAMES), { minItems: 1, maxItems: API_TOKEN_SCOPE_NAMES.length }),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
            rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ token: Type.String(), apiToken: ApiTokenSchema }), ...problems(401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createApiToken(app.deps, req.actor, req.body)),
  );

  app.delete(
    '/:id',
    {
      config: admin,
      schema: { tags: ['api-tokens'], summary: 'Revoke a token at once', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...problems(400, 401, 403, 404) } },
    },
    async (req, reply) => {
      await revokeApiToken(app.deps, req.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
