// The auth endpoints of the staff API: login, who am I, logout.
import { api, ApiError } from '../../api/client.ts';

/** The signed-in staff member, as `/api/v1/auth/*` returns it. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  /** Role names; see roles.ts for the ones the UI knows. */
  roles: string[];
  orgUnitId: string | null;
  email?: string | null;
  mustChangePassword: boolean;
  /** The account asks for a TOTP code at sign-in. */
  mfaEnabled?: boolean;
  /** The role requires two-factor authentication (admin, supervisor). */
  mfaRequired?: boolean;
}

export interface LoginInput {
  username: string;
  password: string;
  otp?: string;
}

/** Signs in; the server sets the session and CSRF cookies. */
export async function login(input: LoginInput): Promise<SessionUser> {
  const { user } = await api.post<{ user: SessionUser }>('/api/v1/auth/login', input);
  return user;
}

/** The current user, or null when nobody is signed in (401). */
export async function fetchCurrentUser(signal?: AbortSignal): Promise<SessionUser | null> {
  try {
    const { user } = await api.get<{ user: SessionUser }>('/api/v1/auth/me', signal);
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Ends the session on the server. */
export async function logout(): Promise<void> {
  await api.post<void>('/api/v1/auth/logout');
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** Changes the signed-in user's own password; the server ends their other sessions. */
export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await api.post<void>('/api/v1/auth/password', input);
}
