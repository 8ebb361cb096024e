/** Signing in through the real API in tests: returns the headers a browser would send. */
import type { App } from '../server/app.ts';

export interface SignedIn {
  cookie: string;
  csrf: string;
  /** Headers for a state-changing request (cookie + CSRF token). */
  headers: Record<string, string>;
}

export function cookieValue(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of all) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

export async function signIn(app: App, username: string, password: string): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const session = cookieValue(res.headers['set-cookie'], 't1022_session')!;
  const csrf = cookieValue(res.headers['set-cookie'], 't1022_csrf')!;
  const cookie = `t1022_session=${session}; t1022_csrf=${csrf}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
