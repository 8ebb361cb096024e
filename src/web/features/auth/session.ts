// The session as the rest of the app sees it: one cached `/auth/me` query.
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { ApiError } from '../../api/client.ts';
import { fetchCurrentUser, type SessionUser } from './auth.api.ts';

/** React Query key of the current user (null when signed out). */
export const SESSION_QUERY_KEY = ['auth', 'me'] as const;

/** True for the answers that mean "this browser is no longer signed in". */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && (error.code === 'auth.unauthenticated' || error.code === 'auth.session_expired');
}

/** Loads (once, then from cache) who is signed in. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchCurrentUser(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Provided by RequireAuth to every page behind the login. */
export const CurrentUserContext = createContext<SessionUser | null>(null);

/** The signed-in user; only valid below RequireAuth. */
export function useCurrentUser(): SessionUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() used outside RequireAuth');
  return user;
}
