import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import { confirmTotpSetup, regenerateRecoveryCodes, startTotpSetup, unusedRecoveryCodes } from './mfa.service.ts';

const OtpBody = Type.Object({ otp: Type.String({ minLength: 6, maxLength: 32 }) }, { additionalProperties: false });
const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once: each works once instead of a code' }) });
// Reachable during enrolment, which a role that requires two-factor must finish first.
const enrolling = { access: { roles: 'any', allowPending: true } } as const;

/** Own two-factor authentication: enrol, confirm, renew recovery codes. */
export const mfaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: enrolling,
      schema: { tags: ['auth'], summary: 'Own two-factor state', response: { 200: Type.Object({ recoveryCodesLeft: Type.Integer() }), ...problems(401) } },
    },
    async (req) => ({ recoveryCodesLeft: await unusedRecoveryCodes(app.deps, req.actor.userId!) }),
  );

  app.post(
    '/setup',
    {
      config: enrolling,
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: a new secret for the authenticator app',
        response: { 200: Type.Object({ secret: Type.String({ description: 'Base32, to type in' }), otpauthUri: Type.String({ description: 'For a QR code' }) }), ...problems(401, 409) },
      },
    },
    async (req) => startTotpSetup(app.deps, req.actor),
  );

  app.post(
    '/confirm',
    {
      config: enrolling,
      schema: { tags: ['auth'], summary: 'Finish enrolment with a first code; returns recovery codes once', body: OtpBody, response: { 200: RecoveryCodes, ...problems(401, 409, 422) } },
    },
    async (req) => confirmTotpSetup(app.deps, req.actor, req.body.otp),
  );

  app.post(
    '/recovery-codes',
    {
      config: { access: { roles: 'any' } },
      schema: { tags: ['auth'], summary: 'New recovery codes (the old ones stop working); needs a current code', body: OtpBody, response: { 200: RecoveryCodes, ...problems(401, 409, 422) } },
    },
    async (req) => regenerateRecoveryCodes(app.deps, req.actor, req.body.otp),
  );
};
