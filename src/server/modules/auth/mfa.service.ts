/**
 * Two-factor authentication: TOTP (RFC 6238, 6 digits, 30 s, one step of drift either way)
 * with single-use recovery codes. Required for administrators and supervisors. A code is never
 * accepted twice: the last accepted time step is stored.
 */
import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

import { tx, type Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { acceptMfaStep, activateMfa, findUserById, storeMfaSecret } from '../users/users.service.ts';
import { toAuditActor, type Actor } from './actor.ts';
import * as repo from './auth.repository.ts';
import type { AuthDeps } from './auth.service.ts';
import { forgetCachedSessions } from './session-cache.ts';

const ISSUER = 'Tổng đài 1022';
const PERIOD_S = 30;
const RECOVERY_CODES = 10;

const totpFor = (username: string, secret: Secret) => new TOTP({ issuer: ISSUER, label: username, secret, digits: 6, period: PERIOD_S, algorithm: 'SHA1' });
const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');

// Recovery codes: 10 characters from an alphabet without look-alikes (about 50 bits), shown as xxxxx-xxxxx.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

async function userOf(deps: AuthDeps, actor: Actor) {
  const user = actor.userId ? await findUserById(deps.database, actor.userId) : undefined;
  if (!user) throw new AppError('auth.unauthenticated');
  return user;
}

/** Starts enrolment: a new secret, kept sealed until a first code confirms it. */
export async function startTotpSetup(deps: AuthDeps, actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
  const user = await userOf(deps, actor);
  if (user.mfaEnabledAt) throw new AppError('auth.mfa_already_enabled');
  const secret = new Secret({ size: 20 });
  await storeMfaSecret(deps.database.db, user.id, deps.secrets.seal(secret.base32));
  return { secret: secret.base32, otpauthUri: totpFor(user.username, secret).toString() };
}

/** The time step a TOTP code matches at `at`, or null. */
function matchingStep(username: string, sealedSecret: string, deps: AuthDeps, code: string, at: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpFor(username, Secret.fromBase32(deps.secrets.open(sealedSecret)));
  const delta = totp.validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / PERIOD_S) + delta;
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once. */
export async function confirmTotpSetup(deps: AuthDeps, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await userOf(deps, actor);
  if (user.mfaEnabledAt) throw new AppError('auth.mfa_already_enabled');
  if (!user.mfaSecret) throw new AppError('auth.mfa_not_started');
  const now = deps.clock.now();
  const step = matchingStep(user.username, user.mfaSecret, deps, code, now);
  if (step === null) throw new AppError('auth.otp_invalid');
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await tx(deps.database, async (t) => {
    await activateMfa(t, user.id, now, step);
    await repo.replaceRecoveryCodes(t, user.id, codes.map(hashCode));
    await recordAudit(t, toAuditActor(actor), { action: 'user.mfa_enabled', entityType: 'user', entityId: user.id }, now);
  });
  // The sessions' cached "two-factor enrolment pending" is stale now.
  forgetCachedSessions();
  return { recoveryCodes: codes };
}

/** New recovery codes (the old ones stop working); needs a current TOTP code. */
export async function regenerateRecoveryCodes(deps: AuthDeps, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await userOf(deps, actor);
  if (!user.mfaEnabledAt || !user.mfaSecret) throw new AppError('auth.mfa_not_started');
  const now = deps.clock.now();
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await tx(deps.database, async (t) => {
    const step = matchingStep(user.username, user.mfaSecret!, deps, code, now);
    if (step === null || !(await acceptMfaStep(t, user.id, step))) throw new AppError('auth.otp_invalid');
    await repo.replaceRecoveryCodes(t, user.id, codes.map(hashCode));
    await recordAudit(t, toAuditActor(actor), { action: 'user.mfa_recovery_codes_renewed', entityType: 'user', entityId: user.id }, now);
  });
  return { recoveryCodes: codes };
}

/**
 * Checks the second factor at sign-in, in the sign-in transaction: a TOTP code not used
 * before, or an unused recovery code (then spent).
 */
export async function checkSecondFactor(
  t: Executor,
  deps: AuthDeps,
  user: { id: string; username: string; mfaSecret: string | null },
  code: string,
): Promise<'totp' | 'recovery_code' | null> {
  const now = deps.clock.now();
  if (user.mfaSecret) {
    const step = matchingStep(user.username, user.mfaSecret, deps, code, now);
    if (step !== null) return (await acceptMfaStep(t, user.id, step)) ? 'totp' : null;
  }
  return (await repo.useRecoveryCode(t, user.id, hashCode(code), now)) ? 'recovery_code' : null;
}

export function unusedRecoveryCodes(deps: AuthDeps, userId: string): Promise<number> {
  return repo.countUnusedRecoveryCodes(deps.database.db, userId);
}
