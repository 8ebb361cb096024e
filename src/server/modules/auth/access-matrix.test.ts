/**
 * Every API route × every role (and anonymous): allowed or refused as the table says. The
 * table is checked against the app's own route list, so a new route without an entry fails.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { signInWithMfa, type SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { ROLES, type Role } from '../../../common/roles.ts';
import { createUser } from '../users/users.service.ts';

type Who = Role | 'anonymous';
const ALL: Who[] = ['anonymous', ...ROLES];
const STAFF: Who[] = [...ROLES];
const PUBLIC = ALL;
const HOTLINE: Who[] = ['operator', 'supervisor'];
const AGENCY: Who[] = ['agency_focal', 'agency_staff'];
const READERS: Who[] = ['operator', 'supervisor', 'leader', 'admin', 'agency_focal', 'agency_staff'];

/** Who may call each route. */
const matrix: Record<string, Who[]> = {
  'GET /api/v1/public/domains': PUBLIC,
  'GET /api/v1/public/out-of-scope': PUBLIC,
  'GET /api/v1/public/org-units': PUBLIC,
  'GET /api/v1/public/calendar/days': PUBLIC,
  'GET /api/v1/public/calendar/due': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': STAFF,
  'GET /api/v1/auth/me': STAFF,
  'POST /api/v1/auth/password': STAFF,
  'GET /api/v1/auth/sessions': STAFF,
  'DELETE /api/v1/auth/sessions/:id': STAFF,
  'GET /api/v1/audit': ['admin', 'leader'],
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/users': ['admin'],
  'GET /api/v1/users/:id': ['admin'],
  'PATCH /api/v1/users/:id': ['admin'],
  'POST /api/v1/users/:id/reset-password': ['admin'],
  'POST /api/v1/users/:id/unlock': ['admin'],
  'POST /api/v1/users/:id/reset-mfa': ['admin'],
  'GET /api/v1/tickets': READERS,
  'GET /api/v1/tickets/counts': READERS,
  'GET /api/v1/tickets/:code': READERS,
  'POST /api/v1/tickets': HOTLINE,
  ...Object.fromEntries(
    ['classify', 'reject', 'answer', 'forward', 'recall', 'approve', 'send-back', 'reply', 'close', 'reopen', 'link-duplicate', 'unlink-duplicate'].map((a) => [`POST /api/v1/tickets/:code/${a}`, HOTLINE]),
  ),
  ...Object.fromEntries(['accept', 'return', 'assign', 'request-info', 'draft-answer', 'submit-answer'].map((a) => [`POST /api/v1/tickets/:code/${a}`, AGENCY])),
  'POST /api/v1/tickets/:code/citizen-replied': [...HOTLINE, ...AGENCY],
  'POST /api/v1/tickets/:code/comment': [...HOTLINE, ...AGENCY],
  'POST /api/v1/tickets/:code/request-extension': AGENCY,
  'POST /api/v1/tickets/:code/decide-extension': ['supervisor'],
  'POST /api/v1/tickets/:code/progress-report': AGENCY,
  'POST /api/v1/public/tickets': PUBLIC,
  'GET /api/v1/public/tickets/:code': PUBLIC,
  'POST /api/v1/public/tickets/:code/rating': PUBLIC,
  'POST /api/v1/public/tickets/:code/reopen': PUBLIC,
  'POST /api/v1/public/tickets/:code/info': PUBLIC,
  'POST /api/v1/tickets/:code/attachments': [...HOTLINE, ...AGENCY],
  'GET /api/v1/tickets/:code/attachments': READERS,
  'GET /api/v1/tickets/:code/attachments/:id': READERS,
  'POST /api/v1/public/tickets/:code/attachments': PUBLIC,
  'GET /api/v1/contacts/lookup': HOTLINE,
  'GET /api/v1/contacts/:id': HOTLINE,
  'POST /api/v1/contacts/:id/reveal': HOTLINE,
  'POST /api/v1/contacts/:id/merge': HOTLINE,
  'GET /api/v1/api-tokens': ['admin'],
  'POST /api/v1/api-tokens': ['admin'],
  'DELETE /api/v1/api-tokens/:id': ['admin'],
  'GET /api/v1/auth/mfa': STAFF,
  'POST /api/v1/auth/mfa/setup': STAFF,
  'POST /api/v1/auth/mfa/confirm': STAFF,
  'POST /api/v1/auth/mfa/recovery-codes': STAFF,
  'GET /api/v1/live/tickets': READERS,
  'GET /api/v1/deadline-policies': ['admin', 'supervisor', 'leader'],
  'POST /api/v1/deadline-policies': ['admin'],
  'GET /api/v1/reports/prolonged': ['leader', 'supervisor', 'admin'],
  'GET /api/v1/reports/timeliness': ['leader', 'supervisor', 'admin'],
  'GET /api/v1/routing-rules': ['admin'],
  'POST /api/v1/routing-rules': ['admin'],
  'POST /api/v1/routing-rules/:id/disable': ['admin'],
  'GET /api/v1/tickets/:code/routing-suggestions': HOTLINE,
  'GET /api/v1/notifications': STAFF,
  'GET /api/v1/notifications/unread-count': STAFF,
  'POST /api/v1/notifications/:id/read': STAFF,
  'POST /api/v1/notifications/read-all': STAFF,
  'GET /api/v1/outbox': ['admin', 'supervisor'],
  'GET /api/v1/public/agency-answers/:token': PUBLIC,
  'POST /api/v1/public/agency-answers/:token': PUBLIC,
  'GET /api/v1/org-units': STAFF,
  'GET /api/v1/org-units/:code': STAFF,
  'POST /api/v1/org-units': ['admin'],
  'PATCH /api/v1/org-units/:code': ['admin'],
  'PUT /api/v1/org-units/:code/successors': ['admin'],
  'PUT /api/v1/org-units/:code/focal-points': ['admin'],
  // An agency focal point is let in, and sees only their own unit (others: 404).
  'GET /api/v1/org-units/:code/staff': ['admin', 'supervisor', 'operator', 'agency_focal'],
  'GET /api/v1/domains': STAFF,
  'POST /api/v1/domains': ['admin'],
  'PATCH /api/v1/domains/:code': ['admin'],
  'GET /api/v1/calendar/exceptions': ['admin', 'supervisor', 'leader'],
  'PUT /api/v1/calendar/exceptions/:date': ['admin'],
  'DELETE /api/v1/calendar/exceptions/:date': ['admin'],
  'POST /api/v1/calendar/exceptions/import': ['admin'],
};

const PASSWORD = 'Ma-tran-quyen-2026!';

/** A valid query string for the routes that need one. */
const QUERIES: Record<string, string> = {
  '/api/v1/public/calendar/days': '?from=2026-01-01&to=2026-01-02',
  '/api/v1/public/calendar/due': '?start=2026-01-01T00:00:00Z&workingDays=1',
  '/api/v1/contacts/lookup': '?phone=0912345678',
  '/api/v1/reports/timeliness': '?from=2026-01-01&to=2026-01-31',
  '/api/v1/calendar/exceptions': '?year=2026',
  // An event stream stays open; `once=1` answers with its opening and ends it.
  '/api/v1/live/tickets': '?once=1',
};

describeEachEngine('access matrix', (ctx) => {
  beforeAll(async () => {
    for (const role of ROLES) await createUser(ctx.database, { username: `matrix.${role}`, displayName: role, roles: [role], password: PASSWORD });
  });

  it('has an entry for every API route, and no entry for a route that does not exist', () => {
    const routes = ctx.app.routeAccess.map((r) => `${r.method} ${r.url}`).sort();
    expect(routes).toEqual(Object.keys(matrix).sort());
  });

  it('allows and refuses each role as the table says', async () => {
    const failures: string[] = [];
    const sessions = new Map<Who, SignedIn>();
    const mfaSecrets = new Map<string, string>();
    const sessionOf = async (who: Who) => {
      if (who === 'anonymous') return undefined;
      if (!sessions.has(who)) sessions.set(who, await signInWithMfa(ctx.app, `matrix.${who}`, PASSWORD, mfaSecrets));
      return sessions.get(who);
    };
    for (const { method, url } of ctx.app.routeAccess) {
      const allowed = matrix[`${method} ${url}`] ?? [];
      for (const who of ALL) {
        const session = await sessionOf(who);
        const res = await ctx.app.inject({
          method: method as 'GET',
          url: url.replace(':id', randomUUID()).replace(':code', '1022-2026-999999') + (QUERIES[url] ?? ''),
          headers: { ...(session?.headers ?? {}), 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
        });
        if (url.endsWith('/logout')) sessions.delete(who); // that call ended the session
        const refused = res.statusCode === 401 || res.statusCode === 403;
        const expectRefused = !allowed.includes(who);
        if (refused !== expectRefused) failures.push(`${who} ${method} ${url} → ${res.statusCode} (${res.json().code ?? ''})`);
        if (expectRefused && who === 'anonymous' && res.statusCode !== 401) failures.push(`anonymous ${method} ${url} should be 401, got ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route × every role, some 700 requests: more than the default 30 s on a busy machine.
  }, 120_000);
});
