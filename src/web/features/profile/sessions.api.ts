// The signed-in user's own sessions: list and end one.
import { api } from '../../api/client.ts';

export interface OwnSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session of this browser. */
  current: boolean;
}

export const SESSIONS_QUERY_KEY = ['auth', 'sessions'] as const;

export async function listOwnSessions(signal?: AbortSignal): Promise<OwnSession[]> {
  return (await api.get<{ items: OwnSession[] }>('/api/v1/auth/sessions', signal)).items;
}

export function revokeOwnSession(id: string): Promise<void> {
  return api.delete(`/api/v1/auth/sessions/${id}`);
}

/** "Chrome trên Linux" from a user agent, or the raw string when it is unknown. */
export function describeUserAgent(userAgent: string | null): { browser: string | null; system: string | null } {
  if (!userAgent) return { browser: null, system: null };
  const browser =
    /Edg\//.test(userAgent) ? 'Edge'
    : /OPR\//.test(userAgent) ? 'Opera'
    : /Firefox\//.test(userAgent) ? 'Firefox'
    : /(Chrome|Chromium|HeadlessChrome)\//.test(userAgent) ? 'Chrome'
    : /Safari\//.test(userAgent) ? 'Safari'
    : null;
  const system =
    /Android/.test(userAgent) ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent) ? 'iOS'
    : /Windows/.test(userAgent) ? 'Windows'
    : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS'
    : /Linux/.test(userAgent) ? 'Linux'
    : null;
  return { browser, system };
}
