/** Staff accounts: creation, the first administrator, password resets. */
import { tx, type Database, type Executor } from '../../db/database.ts';
import { AppError, invalidCursor } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { endUserSessions, forgetCachedSessions, forgetRecoveryCodes, liftSignInLock } from '../auth/session-control.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import * as repo from './users.repository.ts';

import { mfaRequiredFor, type Role } from '../../../common/roles.ts';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The org unit hotline staff belong to. */
export const HOTLINE_UNIT_CODE = 'tong-dai-1022';

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  roles: Role[];
  orgUnitCode?: string | null;
  /** When omitted a random one is generated, returned once, and must be changed at first login. */
  password?: string;
}

/** Checks and prepares a new account (outside any transaction: hashing is slow). */
async function prepareUser(db: Executor, input: NewUser) {
  const username = input.username.normalize('NFC').trim();
  if (!/^[a-zA-Z0-9._-]{3,64}$/.test(username)) {
    throw new AppError('request.validation_failed', { errors: [{ path: 'username', message: 'Tên đăng nhập 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.' }] });
  }
  const orgUnitCode = input.orgUnitCode === undefined ? HOTLINE_UNIT_CODE : input.orgUnitCode;
  const orgUnitId = await orgUnitIdOf(db, orgUnitCode);
  const generatedPassword = input.password ? undefined : generatePassword();
  const values = {
    username,
    displayName: input.displayName.normalize('NFC').trim(),
    email: input.email ?? null,
    passwordHash: await hashPassword(input.password ?? generatedPassword!),
    orgUnitId,
    roles: [...new Set(input.roles)],
    mustChangePassword: generatedPassword !== undefined,
  };
  return { values, orgUnitCode: orgUnitCode ?? null, generatedPassword };
}

async function orgUnitIdOf(db: Executor, code: string | null): Promise<string | null> {
  if (!code) return null;
  const id = await repo.findOrgUnitIdByCode(db, code);
  if (!id) throw new AppError('request.validation_failed', { errors: [{ path: 'orgUnitCode', message: `Không có đơn vị mã "${code}".` }] });
  return id;
}

async function insertPrepared(t: Executor, values: Awaited<ReturnType<typeof prepareUser>>['values']): Promise<repo.UserRow> {
  const user = await repo.insertUser(t, values);
  if (!user) throw new AppError('user.username_taken');
  return user;
}

/** Creates a user; returns it with the password in clear only when one was generated. */
export async function createUser(database: Database, input: NewUser): Promise<{ user: repo.UserRow; generatedPassword: string | undefined }> {
  const { values, generatedPassword } = await prepareUser(database.db, input);
  return { user: await insertPrepared(database.db, values), generatedPassword };
}

/**
 * Creates the `admin` account on a new installation. Returns its generated password, to be
 * shown once; undefined when the account already exists.
 */
export async function ensureInitialAdmin(database: Database): Promise<string | undefined> {
  if (await repo.findUserByUsername(database.db, 'admin')) return undefined;
  try {
    const { generatedPassword } = await createUser(database, { username: 'admin', displayName: 'Quản trị hệ thống', roles: ['admin'] });
    return generatedPassword;
  } catch (err) {
    // Another copy of the product created it at the same moment.
    if (err instanceof AppError && err.code === 'user.username_taken') return undefined;
    throw err;
  }
}

export function findUserByUsername(database: Database, username: string) {
  return repo.findUserByUsername(database.db, username.normalize('NFC').trim());
}

/**
 * The account someone signs in as: by username, or by email (usernames never contain '@').
 * An email shared by two accounts signs in neither (it cannot say which one is meant).
 */
export async function findUserForSignIn(database: Database, login: string) {
  const value = login.normalize('NFC').trim();
  if (!value.includes('@')) return repo.findUserByUsername(database.db, value);
  const found = await repo.findUsersByEmail(database.db, value, 2);
  return found.length === 1 ? found[0] : undefined;
}

export function findUserById(database: Database, id: string) {
  return repo.findUserById(database.db, id);
}

/** Sets a new random password that must be changed at next login; returns it once. */
export async function resetPassword(database: Database, username: string): Promise<string> {
  const user = await repo.findUserByUsername(database.db, username);
  if (!user) throw new AppError('resource.not_found', { detail: `Không có người dùng "${username}".` });
  const password = generatePassword();
  await repo.updatePasswordHash(database.db, user.id, await hashPassword(password), true);
  return password;
}

// ——— Administration of accounts ———

export interface UsersDeps {
  database: Database;
  clock: Clock;
}

/** An account as administrators see it: no password hash, no MFA secret. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  orgUnitId: string | null;
  orgUnitCode: string | null;
  status: UserStatus;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  /** The role requires two-factor authentication (then it cannot be turned off). */
  mfaRequired: boolean;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

function toView(row: repo.UserViewRow): UserView {
  const { mfaEnabledAt, lastLoginAt, createdAt, updatedAt, ...rest } = row;
  return {
    ...rest,
    roles: row.roles as Role[],
    status: row.status as UserStatus,
    mfaEnabled: mfaEnabledAt !== null,
    mfaRequired: mfaRequiredFor(row.roles),
    lastLoginAt: lastLoginAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

async function viewOf(db: Executor, id: string): Promise<UserView> {
  const [row] = await repo.findUserViewById(db, id);
  if (!row) throw new AppError('resource.not_found', { detail: 'Không có người dùng này.' });
  return toView(row);
}

export interface UserListQuery {
  q?: string | undefined;
  role?: Role | undefined;
  status?: UserStatus | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The username a cursor ends after; a cursor no page gave (a NUL in it reached SQL, a 500 found by fuzzing) is a 400. */
function usernameOfCursor(cursor: string): string {
  const username = Buffer.from(cursor, 'base64url').toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (username.length > 64 || /[\u0000-\u001f\ufffd]/.test(username)) {
    throw invalidCursor();
  }
  return username;
}

/** One page of accounts in username order; `nextCursor` is null on the last page. */
export async function listUsers(deps: UsersDeps, query: UserListQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
  const rows = await repo.listUserViews(deps.database.db, {
    q: query.q?.trim() || undefined,
    role: query.role,
    status: query.status,
    afterUsername: query.cursor ? usernameOfCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? Buffer.from(last.username.toLowerCase(), 'utf8').toString('base64url') : null;
  return { items: page.map(toView), nextCursor };
}

export function getUser(deps: Pick<UsersDeps, 'database'>, id: string): Promise<UserView> {
  return viewOf(deps.database.db, id);
}

/** Sign-in bookkeeping, in the caller's transaction. */
export function recordSignIn(t: Executor, id: string, at: Date): Promise<void> {
  return repo.markSignedIn(t, id, at);
}

/** Two-factor state of an account, written by the auth module in its own transactions. */
export const storeMfaSecret = repo.storeMfaSecret;
export const activateMfa = repo.activateMfa;
export const acceptMfaStep = repo.acceptMfaStep;

/** Stores the password the owner chose, in the caller's transaction; lifts "must change". */
export function setOwnPassword(t: Executor, id: string, passwordHash: string, at: Date): Promise<void> {
  return repo.updatePasswordHash(t, id, passwordHash, false, at);
}

/** Creates an account with a generated password, returned once and to be changed at first login. */
export async function createUserByAdmin(
  deps: UsersDeps,
  actor: Actor,
  input: Omit<NewUser, 'password'>,
): Promise<{ user: UserView; temporaryPassword: string }> {
  const { values, orgUnitCode, generatedPassword } = await prepareUser(deps.database.db, { ...input, password: undefined });
  const now = deps.clock.now();
  const id = await tx(deps.database, async (t) => {
    const user = await insertPrepared(t, values);
    const changes = { username: user.username, displayName: user.displayName, email: user.email, roles: user.roles, orgUnitCode, status: user.status };
    await recordAudit(
      t,
      toAuditActor(actor),
      { action: 'user.created', entityType: 'user', entityId: user.id, changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, { from: null, to: v }])) },
      now,
    );
    return user.id;
  });
  return { user: await viewOf(deps.database.db, id), temporaryPassword: generatedPassword! };
}

export interface UserPatch {
  version: number;
  displayName?: string | undefined;
  email?: string | null | undefined;
  roles?: Role[] | undefined;
  orgUnitCode?: string | null | undefined;
  status?: UserStatus | undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Edits an account under optimistic locking (`version`). Disabling ends the user's sessions.
 * Administrators cannot lock themselves out (disable themselves or drop their own admin role).
 */
export async function updateUser(deps: UsersDeps, actor: Actor, id: string, patch: UserPatch): Promise<UserView> {
  if (actor.userId === id && (patch.status === 'disabled' || (patch.roles && !patch.roles.includes('admin')))) {
    throw new AppError('user.self_lockout');
  }
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    const row = await repo.lockUserById(t, id);
    if (!row) throw new AppError('resource.not_found', { detail: 'Không có người dùng này.' });
    if (row.version !== patch.version) throw new AppError('resource.conflict');
    const before = await viewOf(t, id);
    const set: Parameters<typeof repo.updateUserFields>[2] = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (patch.displayName !== undefined) {
      const displayName = patch.displayName.normalize('NFC').trim();
      if (displayName !== row.displayName) [set.displayName, changes.displayName] = [displayName, { from: row.displayName, to: displayName }];
    }
    if (patch.email !== undefined) {
      const email = patch.email?.trim() || null;
      if (email !== row.email) [set.email, changes.email] = [email, { from: row.email, to: email }];
    }
    if (patch.roles !== undefined) {
      const roles = [...new Set(patch.roles)];
      if (!sameSet(roles, row.roles)) [set.roles, changes.roles] = [roles, { from: row.roles, to: roles }];
    }
    if (patch.orgUnitCode !== undefined && patch.orgUnitCode !== before.orgUnitCode) {
      set.orgUnitId = await orgUnitIdOf(t, patch.orgUnitCode);
      changes.orgUnitCode = { from: before.orgUnitCode, to: patch.orgUnitCode };
    }
    if (patch.status !== undefined && patch.status !== row.status) [set.status, changes.status] = [patch.status, { from: row.status, to: patch.status }];
    if (Object.keys(changes).length === 0) return;
    await repo.updateUserFields(t, id, set);
    if (set.status === 'disabled') await endUserSessions(t, id, now);
    await recordAudit(t, toAuditActor(actor), { action: 'user.updated', entityType: 'user', entityId: id, changes }, now);
  });
  // Signed-in sessions carry the roles, unit and status: the change applies to the next request.
  forgetCachedSessions();
  return viewOf(deps.database.db, id);
}

/** Sets a new generated password (returned once, to change at next login) and ends the user's sessions. */
export async function resetUserPassword(deps: UsersDeps, actor: Actor, id: string): Promise<{ temporaryPassword: string }> {
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    const row = await repo.lockUserById(t, id);
    if (!row) throw new AppError('resource.not_found', { detail: 'Không có người dùng này.' });
    await repo.updatePasswordHash(t, id, passwordHash, true);
    await endUserSessions(t, id, now);
    // Named so that the audit redaction (which blanks anything called *password*) keeps it.
    const changes = { changeRequiredAtLogin: { from: row.mustChangePassword, to: true } };
    await recordAudit(t, toAuditActor(actor), { action: 'user.password_reset', entityType: 'user', entityId: id, changes }, now);
  });
  forgetCachedSessions();
  return { temporaryPassword };
}

/** Clears the failed-login lock of the account, so its owner can try again at once. */
export async function unlockUser(deps: UsersDeps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    const row = await repo.lockUserById(t, id);
    if (!row) throw new AppError('resource.not_found', { detail: 'Không có người dùng này.' });
    const hadFailures = await liftSignInLock(t, row.username);
    await recordAudit(t, toAuditActor(actor), { action: 'user.unlocked', entityType: 'user', entityId: id, changes: { failedLogins: { from: hadFailures ? 'recorded' : 'none', to: 'none' } } }, now);
  });
}

/** Turns off an account's two-factor (lost phone): secret and recovery codes gone, sessions ended. */
export async function resetUserMfa(deps: UsersDeps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await tx(deps.database, async (t) => {
    const row = await repo.lockUserById(t, id);
    if (!row) throw new AppError('resource.not_found', { detail: 'Không có người dùng này.' });
    await repo.clearMfa(t, id);
    await forgetRecoveryCodes(t, id);
    await endUserSessions(t, id, now);
    await recordAudit(t, toAuditActor(actor), { action: 'user.mfa_reset', entityType: 'user', entityId: id, changes: { mfaEnabled: { from: row.mfaEnabledAt !== null, to: false } } }, now);
  });
  forgetCachedSessions();
}
