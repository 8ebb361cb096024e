/**
 * Authentication and authorization at the edge, for every route, deny by default: each API
 * route declares who may call it (`config.access`); a route under /api/ without a declaration
 * stops the start. The actor is resolved before the body is even parsed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/app-error.ts';
import type { Role } from '../../../common/roles.ts';
import { anonymousActor, type Actor } from './actor.ts';
import { resolveSession, type AuthDeps } from './auth.service.ts';

export const SESSION_COOKIE = 't1022_session';
export const CSRF_COOKIE = 't1022_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Who may call a route. */
export type Access =
  | { public: true }
  | {
      roles: readonly Role[] | 'any';
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

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    req.actor = anonymousActor(req.id, req.ip, req.headers['user-agent'] ?? null);
    const access = req.routeOptions.config?.access;
    const token = req.cookies[SESSION_COOKIE];
    let csrfToken: string | undefined;
    if (token) {
      const session = await resolveSession(deps, token);
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
          pending: session.user.mustChangePassword ? 'password_change' : null,
        };
      }
    }
    if (!access || 'public' in access) return;
    if (req.actor.kind === 'anonymous') throw new AppError(token ? 'auth.session_expired' : 'auth.unauthenticated');
    if (req.actor.sessionId && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !csrfToken || !sameToken(sent, csrfToken)) throw new AppError('auth.csrf_failed');
    }
    if (req.actor.pending === 'password_change' && !access.allowPending) throw new AppError('auth.password_change_required');
    if (access.roles !== 'any' && !access.roles.some((r) => req.actor.roles.includes(r))) throw new AppError('auth.forbidden');
  });
}
