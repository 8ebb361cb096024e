import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { CreateUserBody, TemporaryPasswordSchema, UpdateUserBody, UserIdParams, UserListQuery, UserListSchema, UserSchema } from './users.schemas.ts';
import { createUserByAdmin, getUser, listUsers, resetUserMfa, resetUserPassword, unlockUser, updateUser } from './users.service.ts';

const admin = { access: { roles: ['admin'] } } as const;
const tags = ['users'];

/** Administrators manage staff accounts: create, edit, disable (never delete), reset, unlock. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => app.deps;

  app.get(
    '/',
    { config: admin, schema: { tags, summary: 'Accounts, by username; filter by text, role, status', querystring: UserListQuery, response: { 200: UserListSchema, ...problems(400, 401, 403) } } },
    async (req) => listUsers(deps(), req.query),
  );

  app.post(
    '/',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create an account with a one-time password',
        body: CreateUserBody,
        response: { 201: Type.Object({ user: UserSchema, temporaryPassword: TemporaryPasswordSchema }), ...problems(401, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createUserByAdmin(deps(), req.actor, req.body)),
  );

  app.get(
    '/:id',
    { config: admin, schema: { tags, summary: 'One account', params: UserIdParams, response: { 200: Type.Object({ user: UserSchema }), ...problems(400, 401, 403, 404) } } },
    async (req) => ({ user: await getUser(deps(), req.params.id) }),
  );

  app.patch(
    '/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Edit an account (name, email, roles, unit, status); disabling ends its sessions',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: Type.Object({ user: UserSchema }), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => ({ user: await updateUser(deps(), req.actor, req.params.id, req.body) }),
  );

  app.post(
    '/:id/reset-password',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set a new one-time password and end the account’s sessions',
        params: UserIdParams,
        response: { 200: Type.Object({ temporaryPassword: TemporaryPasswordSchema }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => resetUserPassword(deps(), req.actor, req.params.id),
  );

  app.post(
    '/:id/unlock',
    { config: admin, schema: { tags, summary: 'Clear the failed sign-in lock of an account', params: UserIdParams, response: { 204: Type.Null(), ...problems(400, 401, 403, 404) } } },
    async (req, reply) => {
      await unlockUser(deps(), req.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:id/reset-mfa',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Turn off two-factor for an account that lost its device (ends its sessions; roles that require it must enrol again)',
        params: UserIdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await resetUserMfa(deps(), req.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
