/** Signing in through the real API in tests: returns the headers a browser would send. */
import { Secret, TOTP } from 'otpauth';
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

export async function signIn(app: App, username: string, password: string, otp?: string): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(otp ? { otp } : {}) } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const session = cookieValue(res.headers['set-cookie'], 't1022_session')!;
  const csrf = cookieValue(res.headers['set-cookie'], 't1022_csrf')!;
  const cookie = `t1022_session=${session}; t1022_csrf=${csrf}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A TOTP code for `secret` at the app's clock, one step after the last one used (no replay). */
export function totpCode(app: App, secret: string): string {
  // The test clock (fixedClock) moves on 30 s so that every sign-in gets a fresh code.
  (app.deps.clock as { advance?: (ms: number) => void }).advance?.(30_000);
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: app.deps.clock.now().getTime() });
}

/** Enrols two-factor for a signed-in user through the API; returns the TOTP secret and recovery codes. */
export async function enrolMfa(app: App, session: SignedIn): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: session.headers });
  if (setup.statusCode !== 200) throw new Error(`mfa setup failed: ${setup.body}`);
  const { secret } = setup.json() as { secret: string };
  const confirm = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/confirm', headers: session.headers, payload: { otp: totpCode(app, secret) } });
  if (confirm.statusCode !== 200) throw new Error(`mfa confirm failed: ${confirm.body}`);
  return { secret, recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes };
}

/** Signs in a user whose role requires two-factor, enrolling first; later calls reuse the secret. */
export async function signInWithMfa(app: App, username: string, password: string, secrets: Map<string, string>): Promise<SignedIn> {
  const known = secrets.get(username);
  if (known) return signIn(app, username, password, totpCode(app, known));
  const first = await signIn(app, username, password);
  const { secret } = await enrolMfa(app, first);
  secrets.set(username, secret);
  return first;
}
