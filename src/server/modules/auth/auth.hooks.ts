/**
 * Authentication and authorization at the edge, for every route, deny by default: each API
 * route declares who may call it (`config.access`); a route under /api/ without a declaration
 * stops the start. The actor is resolved before the body is even parsed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/app-error.ts';
import { mfaRequiredFor, type Role } from '../../../common/roles.ts';
import { anonymousActor, type Actor } from './actor.ts';
import type { ApiTokenScope } from '../../../common/scopes.ts';
import { resolveApiToken } from './api-tokens.service.ts';
import { resolveSession, type AuthDeps } from './auth.service.ts';

export const SESSION_COOKIE = 't1022_session';
export const CSRF_COOKIE = 't1022_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Who may call a route. */
export type Access =
  | { public: true }
  | {
      roles: readonly Role[] | 'any';
      /** API tokens with one of these scopes may call the route too (no role applies to them). */
      scopes?: readonly ApiTokenScope[];
      /** Reachable while the user still has to change the password. */
      allowPending?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyInstance {
    /** Every API route with its access rule, for the access-matrix test and for audits of the API. */
    routeAccess: Array<{ method: string; url: string; access: Access }>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function installAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('actor', null as unknown as Actor);
  const routeAccess: FastifyInstance['routeAccess'] = [];
  app.decorate('routeAccess', routeAccess);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith('/api/v1')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${url} declares no access rule (config.access)`);
    for (const method of ([] as string[]).concat(route.method)) if (method !== 'HEAD') routeAccess.push({ method, url, access });
  });

  const tokenLimiter = createTokenLimiter();

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    req.actor = anonymousActor(req.id, req.ip, req.headers['user-agent'] ?? null);
    const access = req.routeOptions.config?.access;
    if (!access) return; // not an API route (health, docs, the web app)

    const bearer = bearerOf(req.headers.authorization);
    const cookie = req.cookies[SESSION_COOKIE];
    let csrfToken: string | undefined;
    if (bearer !== undefined) {
      // A machine: the bearer token alone counts (no cookie, so no CSRF either).
      const token = await resolveApiToken(deps, bearer);
      if (!token) throw new AppError('auth.invalid_token');
      tokenLimiter.take(token.id, token.rateLimitPerMinute, deps.clock.now().getTime());
      req.actor = { ...req.actor, kind: 'token', tokenId: token.id, username: `token:${token.name}`, scopes: token.scopes };
    } else if (cookie) {
      const session = await resolveSession(deps, cookie);
      if (session) {
        csrfToken = session.csrfToken;
        req.actor = {
          ...req.actor,
          kind: 'user',
          userId: session.user.id,
          username: session.user.username,
          roles: session.user.roles,
          orgUnitId: session.user.orgUnitId,
          sessionId: session.sessionId,
          // First a new password, then two-factor enrolment where the role requires it.
          pending: session.user.mustChangePassword
            ? 'password_change'
            : mfaRequiredFor(session.user.roles) && !session.user.mfaEnabled
              ? 'mfa_enrolment'
              : null,
        };
      }
    }
    if ('public' in access) return;
    if (req.actor.kind === 'anonymous') throw new AppError(cookie ? 'auth.session_expired' : 'auth.unauthenticated');
    if (req.actor.kind === 'token') {
      if (!access.scopes?.some((s) => req.actor.scopes.includes(s))) throw new AppError('auth.forbidden');
      return;
    }
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !csrfToken || !sameToken(sent, csrfToken)) throw new AppError('auth.csrf_failed');
    }
    if (req.actor.pending && !access.allowPending) {
      throw new AppError(req.actor.pending === 'password_change' ? 'auth.password_change_required' : 'auth.mfa_enrolment_required');
    }
    if (access.roles !== 'any' && !access.roles.some((r) => req.actor.roles.includes(r))) throw new AppError('auth.forbidden');
  });
}

/** The value of `Authorization: Bearer …`, or undefined when there is no such header. */
function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

/**
 * Requests per token per minute (fixed windows, per process: with N copies behind a load
 * balancer a token gets up to N times its limit).
 */
function createTokenLimiter() {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(tokenId: string, perMinute: number, now: number): void {
      let w = windows.get(tokenId);
      if (!w || now - w.start >= 60_000) {
        w = { start: now, count: 0 };
        windows.set(tokenId, w);
      }
      if (++w.count > perMinute) {
        throw new AppError('request.too_many', { headers: { 'retry-after': String(Math.ceil((w.start + 60_000 - now) / 1000)) } });
      }
    },
  };
}
