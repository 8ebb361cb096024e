/**
 * What other modules may do to sign-in state, inside their own transaction: end a user's
 * sessions (disabled account, password reset) and lift a sign-in lock; and, after their
 * transaction commits, forget the cached sessions (`forgetCachedSessions`) whenever they changed
 * an account or ended sessions. The sign-in throttle's key is defined here only.
 */
import type { Executor } from '../../db/database.ts';
import * as repo from './auth.repository.ts';

export { forgetCachedSessions } from './session-cache.ts';

/** The throttle key of a username, whether or not such a user exists. */
export const signInLockKey = (username: string) => `user:${username.normalize('NFC').trim().toLowerCase()}`;

/** Ends every live session of the user, but `exceptSessionId` if given. */
export function endUserSessions(t: Executor, userId: string, at: Date, exceptSessionId?: string): Promise<void> {
  return repo.revokeUserSessions(t, userId, at, exceptSessionId);
}

/** Forgets the failed sign-ins of `username`; true when there were any. */
export function liftSignInLock(t: Executor, username: string): Promise<boolean> {
  return repo.clearThrottle(t, signInLockKey(username));
}

/** Forgets a user's two-factor recovery codes (the admin's "reset two-factor"). */
export function forgetRecoveryCodes(t: Executor, userId: string): Promise<void> {
  return repo.replaceRecoveryCodes(t, userId, []);
}
