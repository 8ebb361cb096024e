import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { loginRoute } from '../../lib/rate-limits.ts';
import { problems } from '../../lib/schemas.ts';
import { UserSchema } from '../users/users.schemas.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.hooks.ts';
import { changePassword, currentUser, listSessions, login, logout, revokeOwnSession } from './auth.service.ts';

const SessionSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});

const any = { roles: 'any' } as const;

function setSessionCookies(req: FastifyRequest, reply: FastifyReply, session: { sessionToken: string; csrfToken: string; expiresAt: Date }): void {
  const secure = req.protocol === 'https';
  reply.setCookie(SESSION_COOKIE, session.sessionToken, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
  // Readable by the page, which echoes it in X-CSRF-Token (double submit, checked against the session).
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
}

/** Sign in, sign out, who am I, own password and sessions. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => app.deps;

  app.post(
    '/login',
    {
      config: loginRoute(app.deps.config),
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username (or email) and password',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 128 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            otp: Type.Optional(Type.String({ maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: UserSchema }), ...problems(401, 422, 429) },
      },
    },
    async (req, reply) => {
      const result = await login(deps(), req.actor, req.body);
      setSessionCookies(req, reply, result);
      return { user: result.user };
    },
  );

  app.post(
    '/logout',
    { config: { access: { ...any, allowPending: true } }, schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 204: Type.Null(), ...problems(401, 403) } } },
    async (req, reply) => {
      await logout(deps(), req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    { config: { access: { ...any, allowPending: true } }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Object({ user: UserSchema }), ...problems(401) } } },
    async (req) => ({ user: await currentUser(deps(), req.actor) }),
  );

  app.post(
    '/password',
    {
      config: { access: { ...any, allowPending: true } },
      schema: {
        tags: ['auth'],
        summary: 'Change own password (at least 12 characters, not a common one); ends other sessions',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(401, 403, 422) },
      },
    },
    async (req, reply) => {
      await changePassword(deps(), req.actor, req.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sessions',
    { config: { access: any }, schema: { tags: ['auth'], summary: 'Own live sessions', response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...problems(401, 403) } } },
    async (req) => ({
      items: (await listSessions(deps(), req.actor)).map((s) => ({
        ...s,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
      })),
    }),
  );

  app.delete(
    '/sessions/:id',
    {
      config: { access: any },
      schema: {
        tags: ['auth'],
        summary: 'End one of own sessions',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await revokeOwnSession(deps(), req.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
