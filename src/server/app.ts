/**
 * Builds the Fastify app: parsing and validation at the edge, security headers, request ids,
 * errors as problem+json, metrics, the OpenAPI document, the module routes and the web app.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import underPressure from '@fastify/under-pressure';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Jobs } from './jobs/job-runner.ts';
import type { Clock } from './lib/clock.ts';
import type { SecretBox } from './lib/secret-box.ts';
import { AppError } from './lib/app-error.ts';
import { hasNonFiniteNumber, hasNul, nonFiniteRefused, nulRefused, parseJsonBody } from './lib/json-body.ts';
import { negotiateLanguage } from './lib/language.ts';
import { createMetrics } from './lib/metrics.ts';
import { PROBLEM_CONTENT_TYPE, toProblem } from './lib/problem.ts';
import { registerWebApp } from './lib/web-app.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { ProblemSchema } from './lib/schemas.ts';
import { attachmentRoutes } from './modules/attachments/attachments.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { installAuth } from './modules/auth/auth.hooks.ts';
import { liveRoutes } from './modules/live/live.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { calendarExceptionRoutes } from './modules/calendar/calendar-exceptions.routes.ts';
import { mfaRoutes } from './modules/auth/mfa.routes.ts';
import { apiTokenRoutes } from './modules/auth/api-tokens.routes.ts';
import { contactRoutes } from './modules/contacts/contacts.routes.ts';
import { deadlineRoutes } from './modules/deadlines/deadlines.routes.ts';
import { publicTicketRoutes } from './modules/tickets/public-tickets.routes.ts';
import { ticketActionRoutes } from './modules/tickets/ticket-actions.routes.ts';
import { ticketRoutes } from './modules/tickets/tickets.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { referenceRoutes } from './modules/reference/reference.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { routingRoutes } from './modules/routing/routing.routes.ts';
import { organizationRoutes } from './modules/organization/organization.routes.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { outboxRoutes } from './modules/outbox/outbox.routes.ts';
import { agencyLinkRoutes } from './modules/agency-links/agency-links.routes.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  log: Logger;
  clock: Clock;
  secrets: SecretBox;
  jobs?: Jobs | undefined;
}

export type App = FastifyInstance;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paths that never fall back to the web app: a miss there is an API 404. */
const API_PREFIXES = ['/api/', '/hooks/', '/open311/', '/healthz', '/readyz', '/metrics'];

/**
 * A `date-time` must be one JavaScript's Date can read, as well as RFC 3339's: the RFC allows a
 * leap second (23:59:60), which Date cannot hold, and such a time reached SQL as an invalid date
 * (a 500 found by fuzzing). Runs after ajv-formats has added its formats.
 */
function dateTimesDateCanRead(ajv: Parameters<NonNullable<NonNullable<FastifyServerOptions['ajv']>['onCreate']>>[0]): void {
  const rfc3339 = ajv.formats['date-time'];
  const valid = rfc3339 && typeof rfc3339 === 'object' && 'validate' in rfc3339 && typeof rfc3339.validate === 'function' ? rfc3339.validate : undefined;
  if (!valid) throw new Error('ajv-formats did not define date-time');
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => (valid as (s: string) => boolean)(s) && Number.isFinite(Date.parse(s)) });
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database, log } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    // Accept a caller's request id only if it is short and plain, so it cannot forge log lines.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true }, onCreate: dateTimesDateCanRead },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('deps', deps);
  app.addSchema(ProblemSchema);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  const metrics = createMetrics({ poolStats: database.poolStats, queueDepths: deps.jobs?.queueDepths });
  app.decorate('metrics', metrics);
  const security = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Ant Design writes its styles at run time.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        // Served over plain HTTP on a LAN too: upgrading would break every request.
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(security);
    reply.header('x-request-id', req.id);
  });
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.query) || hasNul(req.params)) throw nulRefused();
  });
  app.addHook('preHandler', async (req) => {
    if (hasNonFiniteNumber(req.query) || hasNonFiniteNumber(req.params)) throw nonFiniteRefused();
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((err, req, reply) => {
    const { problem, headers, internal } = toProblem(err, negotiateLanguage(req.headers['accept-language']), req.id);
    if (internal) req.log.error({ err }, 'unhandled error');
    else req.log.info({ code: problem.code, status: problem.status }, 'request refused');
    metrics.httpErrors.inc({ code: problem.code });
    return reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
  });

  // Overload: answer 503 with Retry-After at once rather than queue without end, when the event
  // loop lags or too many requests wait for a database connection.
  await app.register(underPressure, {
    // 0 turns the event-loop check off (a loop stalled for a whole sample reads as Infinity).
    ...(config.overloadMaxEventLoopDelayMs > 0 ? { maxEventLoopDelay: config.overloadMaxEventLoopDelayMs } : {}),
    healthCheck: async () => database.poolStats().waiting <= config.overloadMaxDbWaiting,
    healthCheckInterval: 250,
    // Sample the event loop four times a second, so overload is noticed (and over) quickly.
    sampleInterval: 250,
    pressureHandler: () => {
      throw new AppError('server.unavailable', { headers: { 'retry-after': '5' } });
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('request.too_many', { headers: { 'retry-after': String(Math.ceil(ctx.ttl / 1000)) } }),
  });

  await app.register(multipart, { limits: { fileSize: config.attachmentMaxBytes, files: 10, fields: 10, fieldSize: 1024, parts: 20 } });

  installAuth(app, deps);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tổng đài 1022 API',
        version: '1',
        description:
          'API của Tổng đài Thông tin dịch vụ công 1022. Lỗi trả về dạng RFC 9457 problem+json với `code` ổn định. / ' +
          'The API of the 1022 public-service hotline. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 't1022_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () => app.swagger());

  await app.register(systemRoutes);
  await app.register(referenceRoutes, { prefix: '/api/v1' });
  await app.register(deadlineRoutes, { prefix: '/api/v1' });
  await app.register(calendarRoutes, { prefix: '/api/v1' });
  await app.register(authRoutes, { prefix: '/api/v1/auth' });
  await app.register(mfaRoutes, { prefix: '/api/v1/auth/mfa' });
  await app.register(apiTokenRoutes, { prefix: '/api/v1/api-tokens' });
  await app.register(ticketRoutes, { prefix: '/api/v1/tickets' });
  await app.register(ticketActionRoutes, { prefix: '/api/v1/tickets' });
  await app.register(publicTicketRoutes, { prefix: '/api/v1/public/tickets' });
  await app.register(attachmentRoutes, { prefix: '/api/v1' });
  await app.register(contactRoutes, { prefix: '/api/v1/contacts' });
  await app.register(auditRoutes, { prefix: '/api/v1/audit' });
  await app.register(userRoutes, { prefix: '/api/v1/users' });
  await app.register(liveRoutes, { prefix: '/api/v1/live' });
  await app.register(reportRoutes, { prefix: '/api/v1/reports' });
  await app.register(routingRoutes, { prefix: '/api/v1' });
  await app.register(notificationRoutes, { prefix: '/api/v1/notifications' });
  await app.register(outboxRoutes, { prefix: '/api/v1/outbox' });
  await app.register(agencyLinkRoutes, { prefix: '/api/v1/public/agency-answers' });
  await app.register(organizationRoutes, { prefix: '/api/v1' });
  await app.register(calendarExceptionRoutes, { prefix: '/api/v1' });

  const serveWeb = await registerWebApp(app, config.webDistDir);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    const wantsPage = req.method === 'GET' && !API_PREFIXES.some((p) => path.startsWith(p)) && (req.headers.accept ?? '').includes('text/html');
    if (wantsPage && serveWeb) return serveWeb(reply);
    throw new AppError('request.not_found', { detail: `${req.method} ${path}` });
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    metrics: ReturnType<typeof createMetrics>;
  }
}
