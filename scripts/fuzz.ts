/**
 * `npm run test:fuzz [-- --runs N]`: property-based fuzzing of every API route (and of the pure
 * parsers) with fast-check. Random and hostile JSON, query strings, path parameters, content
 * types, invalid UTF-8, huge numbers, deep nesting and injection strings, as anonymous, as an
 * operator and as an administrator. No response may be a 5xx, the process must not crash, and
 * no promise may be left rejected. Default 10,000 runs (CI); FUZZ_RUNS or --runs for more.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { fixedClock } from '../src/server/lib/clock.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { createSecretBox } from '../src/server/lib/secret-box.ts';
import { loadReference } from '../src/server/modules/reference/reference.service.ts';
import { createUser } from '../src/server/modules/users/users.service.ts';
import { normalizePhone } from '../src/common/phone.ts';
import { validateCitizenId } from '../src/common/citizen-id.ts';
import { cleanText, foldVietnamese } from '../src/common/text.ts';
import { signIn, signInWithMfa, type SignedIn } from '../src/test/auth-helpers.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? process.env.FUZZ_RUNS ?? 10_000);

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const database = await openDatabase({ engine: 'pglite' });
await runMigrations(database);
await loadReference(database);
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
// Overload protection off: this run checks answers, not load (a busy machine would trip it).
const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
const app = await buildApp({ config, database, log: createLogger('silent'), clock, secrets: createSecretBox(randomBytes(32)) });
await app.ready();
const PASSWORD = 'Fuzz-mat-khau-2026!';
await createUser(database, { username: 'fuzz.op', displayName: 'Fuzz', roles: ['operator'], password: PASSWORD });
await createUser(database, { username: 'fuzz.admin', displayName: 'Fuzz', roles: ['admin'], password: PASSWORD });
const sessions: Array<SignedIn | undefined> = [undefined, await signIn(app, 'fuzz.op', PASSWORD), await signInWithMfa(app, 'fuzz.admin', PASSWORD, new Map())];
// A real ticket, so that routes with a code reach their handlers too.
const created = await app.inject({ method: 'POST', url: '/api/v1/tickets', headers: sessions[1]!.headers, payload: { type: 'question', channel: 'phone_in', content: 'Hỏi về thủ tục cấp đổi giấy phép lái xe.', contact: { phone: '0912345678' } } });
const realCode = (created.json() as { code: string }).code;

const routes = app.routeAccess.filter((r) => !r.url.includes('/live/'));
const hostile = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE tickets; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF',
  '\uD800',
  'Đ'.repeat(5000),
  '9'.repeat(400),
  '1e309',
  '-0',
  '__proto__',
  'constructor',
  '${jndi:ldap://x}',
  '{{7*7}}',
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), hostile);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt().map(String), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom('version', 'code', 'phone', 'content', 'type', 'channel', 'otp', 'password', 'username', 'q', 'limit', 'cursor')), tie('value'), { maxKeys: 6 }),
})).value;
/** Percent-encodes a path segment; a lone surrogate becomes a malformed escape, itself a fine hostile input. */
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80%';
  }
};
const pathParam = fc.oneof(fc.constant(realCode), fc.uuid(), text.map(encode));
const body = fc.oneof(
  json.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) as string | Buffer })),
  fc.uint8Array({ maxLength: 300 }).map((b) => ({ type: 'application/json', payload: Buffer.from(b) })),
  fc.nat({ max: 5000 }).map((d) => ({ type: 'application/json', payload: '['.repeat(d) + ']'.repeat(d) })),
  fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded').map((type) => ({ type, payload: 'a=1&b=2' })),
);
const query = fc.dictionary(fc.constantFrom('q', 'status', 'limit', 'cursor', 'phone', 'from', 'to', 'kind', 'on', 'start', 'workingDays', 'agency', 'x'), text, { maxKeys: 4 });

const failures: string[] = [];
await fc.assert(
  fc.asyncProperty(fc.constantFrom(...routes), pathParam, query, body, fc.nat({ max: 2 }), async (route, param, q, b, who) => {
    const url = route.url.replace(/:[a-zA-Z]+/g, param) + '?' + new URLSearchParams(q).toString();
    const session = sessions[who];
    const res = await app.inject({
      method: route.method as 'GET',
      url,
      headers: { ...(session?.headers ?? {}), 'content-type': b.type },
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: b.payload }),
    });
    if (res.statusCode >= 500) failures.push(`${route.method} ${url} as ${['anonymous', 'operator', 'admin'][who]} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res.statusCode < 500;
  }),
  { numRuns: runs, endOnFailure: false },
).catch((err: unknown) => failures.push(String(err).slice(0, 2000)));

// The pure parsers never throw, whatever they are given.
fc.assert(
  fc.property(fc.string({ unit: 'binary' }), (s) => {
    normalizePhone(s);
    validateCitizenId(s);
    foldVietnamese(s);
    cleanText(s, { maxLength: 100 });
    return true;
  }),
  { numRuns: runs },
);

await app.close();
await database.close();
console.log(`fuzzing: ${runs} runs over ${routes.length} routes; ${failures.length} failures; ${unhandled.length} unhandled rejections`);
for (const f of failures.slice(0, 20)) console.log(`  ✗ ${f}`);
process.exit(failures.length + unhandled.length > 0 ? 1 : 0);
