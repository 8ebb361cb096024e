/**
 * Per-address limits of the endpoints without an account. Citizens behind a carrier's NAT share
 * addresses, so the limits are settings (PUBLIC_RATE_LIMIT_PER_MINUTE, LOGIN_RATE_LIMIT_PER_MINUTE).
 */
import type { Config } from '../config.ts';

/** Route config for a public endpoint: `write` for submissions, `read` (four times more) for look-ups. */
export function publicRoute(config: Config, kind: 'read' | 'write') {
  const max = kind === 'write' ? config.publicRateLimitPerMinute : config.publicRateLimitPerMinute * 4;
  return { access: { public: true }, rateLimit: { max, timeWindow: '1 minute' } } as const;
}

export function loginRoute(config: Config) {
  return { access: { public: true }, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } } as const;
}
