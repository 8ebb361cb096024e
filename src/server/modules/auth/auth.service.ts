/**
 * Signing in and out, sessions, and password changes. Failures never say which part was wrong
 * or whether the account exists; repeated failures lock the username and slow the address.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { tx, type Database } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hashPassword, verifyPassword } from '../users/passwords.ts';
import type { Role } from '../../../common/roles.ts';
import { findUserById, findUserForSignIn, getUser, recordSignIn, setOwnPassword, type UserView } from '../users/users.service.ts';
import { toAuditActor, type Actor } from './actor.ts';
import * as repo from './auth.repository.ts';
import { checkSecondFactor } from './mfa.service.ts';
import { passwordProblems } from './password-policy.ts';
import { cachedSessionRow, forgetCachedSessions } from './session-cache.ts';
import { endUserSessions, liftSignInLock, signInLockKey } from './session-control.ts';

export interface AuthDeps {
  database: Database;
  config: Config;
  clock: Clock;
  secrets: SecretBox;
}

/** Account lock: from the 5th failure in a row, 1, 2, 4 … minutes, at most a day. */
const USER_FREE_FAILURES = 4;
const USER_MAX_LOCK_MS = 24 * 3_600_000;
/** Address throttle: 30 failures within the window lock the address for 15 minutes. */
const IP_MAX_FAILURES = 30;
const IP_LOCK_MS = 15 * 60_000;
const FAILURE_WINDOW_MS = 3_600_000;
const TOUCH_AFTER_MS = 60_000;

// Verifying against this when the user does not exist keeps the timing the same. Made on
// first use, not at start-up.
let dummyHash: Promise<string> | undefined;
const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ipKey = (ip: string) => `ip:${ip}`;

async function assertNotLocked(deps: AuthDeps, keys: string[]): Promise<void> {
  const now = deps.clock.now();
  for (const key of keys) {
    const row = await repo.findThrottle(deps.database.db, key);
    if (row?.lockedUntil && row.lockedUntil > now) {
      const seconds = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
      throw new AppError('auth.too_many_attempts', { headers: { 'retry-after': String(seconds) } });
    }
  }
}

async function recordFailure(deps: AuthDeps, username: string, ip: string): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  await tx(deps.database, async (t) => {
    const userFailures = await repo.addFailure(t, signInLockKey(username), now, since);
    if (userFailures > USER_FREE_FAILURES) {
      const lockMs = Math.min(60_000 * 2 ** (userFailures - USER_FREE_FAILURES - 1), USER_MAX_LOCK_MS);
      await repo.setLockedUntil(t, signInLockKey(username), new Date(now.getTime() + lockMs));
    }
    const ipFailures = await repo.addFailure(t, ipKey(ip), now, since);
    if (ipFailures >= IP_MAX_FAILURES) await repo.setLockedUntil(t, ipKey(ip), new Date(now.getTime() + IP_LOCK_MS));
    await recordAudit(
      t,
      { actorId: null, actorLabel: username.slice(0, 64), requestId: null, ip, userAgent: null },
      { action: 'auth.login_failed', entityType: 'user', entityId: null, changes: { username: username.slice(0, 64) } },
      now,
    );
  });
}

export interface LoginResult {
  user: UserView;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Checks the credentials and opens a new session (a new id every time: no fixation). */
export async function login(deps: AuthDeps, actor: Actor, input: { username: string; password: string; otp?: string | undefined }): Promise<LoginResult> {
  await assertNotLocked(deps, [signInLockKey(input.username), ipKey(actor.ip)]);
  const user = await findUserForSignIn(deps.database, input.username);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !passwordOk || user.status !== 'active') {
    await recordFailure(deps, input.username, actor.ip);
    throw new AppError('auth.invalid_credentials');
  }
  let secondFactor: 'totp' | 'recovery_code' | undefined;
  if (user.mfaEnabledAt) {
    // The password was right: asking for the code is not a failure.
    if (!input.otp) throw new AppError('auth.otp_required');
    const factor = await tx(deps.database, (t) => checkSecondFactor(t, deps, user, input.otp!));
    if (!factor) {
      await recordFailure(deps, input.username, actor.ip);
      throw new AppError('auth.otp_invalid');
    }
    secondFactor = factor;
  }
  const now = deps.clock.now();
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteHours * 3_600_000);
  await tx(deps.database, async (t) => {
    await liftSignInLock(t, input.username);
    const session = await repo.insertSession(t, {
      tokenHash: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: actor.ip,
      userAgent: actor.userAgent?.slice(0, 300) ?? null,
    });
    await recordSignIn(t, user.id, now);
    await recordAudit(
      t,
      { ...toAuditActor(actor), actorId: user.id, actorLabel: user.username },
      { action: 'auth.login', entityType: 'session', entityId: session.id, changes: secondFactor ? { secondFactor } : null },
      now,
    );
  });
  return { user: await getUser(deps, user.id), sessionToken, csrfToken, expiresAt };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  user: { id: string; username: string; roles: Role[]; orgUnitId: string | null; mustChangePassword: boolean; mfaEnabled: boolean };
}

/** The session behind a cookie, if it is live; refreshes its idle clock now and then. */
export async function resolveSession(deps: AuthDeps, sessionToken: string): Promise<ResolvedSession | undefined> {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
  const row = await cachedSessionRow(deps.database.db, sha256(sessionToken), now, idleSince);
  // A cached row is up to SESSION_CACHE_MS old: the session's own limits are checked again now.
  if (!row || row.user.status !== 'active' || row.session.revokedAt || row.session.expiresAt <= now || row.session.lastSeenAt <= idleSince) return undefined;
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await repo.touchSession(deps.database.db, row.session.id, now);
    row.session.lastSeenAt = now;
  }
  const { mfaEnabledAt, ...user } = row.user;
  return { sessionId: row.session.id, csrfToken: row.session.csrfToken, user: { ...user, roles: user.roles as Role[], mfaEnabled: mfaEnabledAt !== null } };
}

export async function logout(deps: AuthDeps, actor: Actor): Promise<void> {
  if (!actor.sessionId || !actor.userId) return;
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    if (await repo.revokeSession(t, actor.sessionId!, actor.userId!, now)) {
      await recordAudit(t, toAuditActor(actor), { action: 'auth.logout', entityType: 'session', entityId: actor.sessionId }, now);
    }
  });
  forgetCachedSessions();
}

export async function currentUser(deps: AuthDeps, actor: Actor): Promise<UserView> {
  if (!actor.userId) throw new AppError('auth.unauthenticated');
  return getUser(deps, actor.userId);
}

/** Changes one's own password; every other session of the user is ended. */
export async function changePassword(deps: AuthDeps, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = actor.userId ? await findUserById(deps.database, actor.userId) : undefined;
  if (!user) throw new AppError('auth.unauthenticated');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new AppError('auth.wrong_password');
  const problems = passwordProblems(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) problems.push('Mật khẩu mới phải khác mật khẩu hiện tại.');
  if (problems.length) throw new AppError('auth.weak_password', { errors: problems.map((message) => ({ path: 'newPassword', message })) });
  const hash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    await setOwnPassword(t, user.id, hash, now);
    await endUserSessions(t, user.id, now, actor.sessionId ?? undefined);
    await recordAudit(t, toAuditActor(actor), { action: 'user.password_changed', entityType: 'user', entityId: user.id }, now);
  });
  forgetCachedSessions();
}

export async function listSessions(deps: AuthDeps, actor: Actor) {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
  const rows = await repo.listUserSessions(deps.database.db, actor.userId!, now, idleSince);
  return rows.map((r) => ({ ...r, current: r.id === actor.sessionId }));
}

/** Ends one of one's own sessions; another user's session looks the same as a missing one. */
export async function revokeOwnSession(deps: AuthDeps, actor: Actor, sessionId: string): Promise<void> {
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    if (!(await repo.revokeSession(t, sessionId, actor.userId!, now))) throw new AppError('resource.not_found');
    await recordAudit(t, toAuditActor(actor), { action: 'auth.session_revoked', entityType: 'session', entityId: sessionId }, now);
  });
  forgetCachedSessions();
}
