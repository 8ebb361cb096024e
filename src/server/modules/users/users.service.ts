/** Staff accounts: creation, the first administrator, password resets. */
import type { Database } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import * as repo from './users.repository.ts';

export const ROLES = ['admin', 'supervisor', 'operator', 'agency_focal', 'agency_staff', 'leader'] as const;
export type Role = (typeof ROLES)[number];

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

/** Creates a user; returns it with the password in clear only when one was generated. */
export async function createUser(database: Database, input: NewUser): Promise<{ user: repo.UserRow; generatedPassword: string | undefined }> {
  const username = input.username.normalize('NFC').trim();
  if (!/^[a-zA-Z0-9._-]{3,64}$/.test(username)) {
    throw new AppError('request.validation_failed', { errors: [{ path: 'username', message: 'Tên đăng nhập 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.' }] });
  }
  const orgUnitCode = input.orgUnitCode === undefined ? HOTLINE_UNIT_CODE : input.orgUnitCode;
  const orgUnitId = orgUnitCode ? await repo.findOrgUnitIdByCode(database.db, orgUnitCode) : null;
  if (orgUnitCode && !orgUnitId) {
    throw new AppError('request.validation_failed', { errors: [{ path: 'orgUnitCode', message: `Không có đơn vị mã "${orgUnitCode}".` }] });
  }
  const generatedPassword = input.password ? undefined : generatePassword();
  const user = await repo.insertUser(database.db, {
    username,
    displayName: input.displayName.normalize('NFC').trim(),
    email: input.email ?? null,
    passwordHash: await hashPassword(input.password ?? generatedPassword!),
    orgUnitId: orgUnitId ?? null,
    roles: [...new Set(input.roles)],
    mustChangePassword: generatedPassword !== undefined,
  });
  if (!user) throw new AppError('user.username_taken');
  return { user, generatedPassword };
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

/** Sets a new random password that must be changed at next login; returns it once. */
export async function resetPassword(database: Database, username: string): Promise<string> {
  const user = await repo.findUserByUsername(database.db, username);
  if (!user) throw new AppError('resource.not_found', { detail: `Không có người dùng "${username}".` });
  const password = generatePassword();
  await repo.updatePasswordHash(database.db, user.id, await hashPassword(password), true);
  return password;
}
