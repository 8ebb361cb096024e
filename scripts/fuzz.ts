/**
 * `npm run test:fuzz [-- --runs N] [--seed S]`: property-based fuzzing of every API route and of
 * the pure parsers and normalisers (fuzz-pure.ts) with fast-check. Random and hostile JSON, query
 * strings, path parameters, headers, content types, multipart bodies with files (fuzz-inputs.ts),
 * invalid UTF-8, huge numbers, near-valid dates, deep nesting and injection strings, as
 * anonymous, as an operator and as an administrator. No response may be a 5xx, the process must
 * not crash, and no promise may be left rejected. Default 10,000 runs (CI); FUZZ_RUNS or --runs
 * for more. The seed is printed; `--seed` replays a run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { throwawayDatabase } from '../bench/bench-lib.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { fixedClock } from '../src/server/lib/clock.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { createSecretBox } from '../src/server/lib/secret-box.ts';
import { loadReference } from '../src/server/modules/reference/reference.service.ts';
import { createUser } from '../src/server/modules/users/users.service.ts';
import { signIn, signInWithMfa, type SignedIn } from '../src/test/auth-helpers.ts';
import { body, headers, multipartBody, pathParam, query } from './fuzz-inputs.ts';
import { fuzzLifecycle } from './fuzz-lifecycle.ts';
import { fuzzPure } from './fuzz-pure.ts';
import { requestKey, validRequests } from './fuzz-schema.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' }, 'lifecycle-runs': { type: 'string' }, 'database-url': { type: 'string' } } });
const runs = Number(values.runs ?? process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const seeded = { seed };
// FUZZ_LOG=error shows the stack of each 5xx.
const logLevel = process.env.FUZZ_LOG === 'error' ? 'error' : 'silent';
console.log(`fuzzing: seed ${seed} (--seed ${seed} replays this run)`);

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

// --database-url (or FUZZ_DATABASE_URL): on that PostgreSQL server, in a database of this run's
// own, dropped at the end (there two staff members' requests really run at once); PGlite otherwise.
const serverUrl = values['database-url'] ?? process.env.FUZZ_DATABASE_URL;
const scratch = serverUrl ? await throwawayDatabase(serverUrl, `t1022_fuzz_${process.pid}`) : undefined;
const database = await openDatabase(scratch ? { engine: 'postgres', url: scratch.url, poolMax: 10 } : { engine: 'pglite' });
console.log(`fuzzing on ${scratch ? `PostgreSQL (database ${scratch.name})` : 'PGlite'}`);
await runMigrations(database);
await loadReference(database);
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
const config = loadConfig({
  LOG_LEVEL: logLevel,
  // Uploaded files go to a folder of this run's, at most 1 KiB each so that the size limit is reached.
  DATA_DIR: dataDir,
  ATTACHMENT_MAX_BYTES: '1024',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
  // Overload protection off: this run checks answers, not load (a busy machine would trip it).
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
});
const app = await buildApp({ config, database, log: createLogger(logLevel), clock, secrets: createSecretBox(randomBytes(32)) });
await app.ready();
// The ticket's life first: the route fuzzing below may disable users and end agencies.
// A lifecycle run is up to 40 steps on three tickets: one per 200 route runs unless --lifecycle-runs says (`--runs 0` fuzzes only the lifecycle).
const lifecycleRuns = Number(values['lifecycle-runs'] ?? Math.ceil(runs / 200));
// FUZZ_LIFECYCLE_PATH replays one failing lifecycle run (printed with the seed), FUZZ_LIFECYCLE_TRACE=1 prints its steps.
const lifecycle = await fuzzLifecycle(app, database, lifecycleRuns, seed, { reopenLimit: config.reopenLimit, prolongedReopens: config.prolongedReopenCount }, {
  ...(process.env.FUZZ_LIFECYCLE_PATH ? { path: process.env.FUZZ_LIFECYCLE_PATH } : {}),
  trace: process.env.FUZZ_LIFECYCLE_TRACE === '1',
});
const PASSWORD = 'Fuzz-mat-khau-2026!';
await createUser(database, { username: 'fuzz.op', displayName: 'Fuzz', roles: ['operator'], password: PASSWORD });
await createUser(database, { username: 'fuzz.admin', displayName: 'Fuzz', roles: ['admin'], password: PASSWORD });
const mfaSecrets = new Map<string, string>();
const signInAs = [undefined, () => signIn(app, 'fuzz.op', PASSWORD), () => signInWithMfa(app, 'fuzz.admin', PASSWORD, mfaSecrets)] as const;
const sessions: Array<SignedIn | undefined> = [undefined, await signInAs[1](), await signInAs[2]()];
// A run signs its staff out now and then (the logout route is fuzzed too); they sign in again.
let signIns = 0;
const signInFailures: string[] = [];
// A real ticket, so that routes with a code reach their handlers too (and the citizen's upload, with its phone).
const PHONE = '0912345678';
const created = await app.inject({ method: 'POST', url: '/api/v1/tickets', headers: sessions[1]!.headers, payload: { type: 'question', channel: 'phone_in', content: 'Hỏi về thủ tục cấp đổi giấy phép lái xe.', contact: { phone: PHONE } } });
const realCode = (created.json() as { code: string }).code;

const routes = app.routeAccess.filter((r) => !r.url.includes('/live/'));
const uploads = routes.filter((r) => r.url.endsWith('/attachments') && r.method === 'POST');
const failures: string[] = [];
// How the answers went, to see how deep a run reached: 2xx got through, 422 reached validation…
const routeAnswers = new Map<number, number>();
const uploadAnswers = new Map<number, number>();
const tally = (answers: Map<number, number>, status: number) => answers.set(status, (answers.get(status) ?? 0) + 1);
const tallied = (answers: Map<number | string, number>) =>
  [...answers]
    .sort(([a], [b]) => String(a).localeCompare(String(b), undefined, { numeric: true }))
    .map(([key, n]) => `${key} ×${n}`)
    .join(', ');

/** Sends one request as anonymous, operator or admin; a 5xx is a failure. */
const send = async (method: string, url: string, who: number, extra: Record<string, string>, b: { type: string; payload: string | Buffer }) => {
  const session = sessions[who];
  // Staff are who their session says: no fuzzed token or cookie of the caller's over it.
  const { authorization, cookie, ...rest } = extra;
  const res = await app.inject({
    method: method as 'GET',
    url,
    // Fuzzed sign-ins fail by the thousand and lock their address out; staff sign in again from 127.0.0.1.
    remoteAddress: '192.0.2.1',
    headers: { ...(session ? { ...rest, ...session.headers } : { ...rest, ...(authorization ? { authorization } : {}), ...(cookie ? { cookie } : {}) }), 'content-type': b.type },
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: b.payload }),
  });
  if (res.statusCode >= 500) failures.push(`${method} ${url} as ${['anonymous', 'operator', 'admin'][who]} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  const again = signInAs[who];
  if (res.statusCode === 401 && again) {
    // Should a run have changed a staff member's password or disabled them, they stay signed out.
    sessions[who] = await again().catch((err: unknown) => {
      signInFailures.push(`${['anonymous', 'operator', 'admin'][who]} after ${method} ${url.slice(0, 120)}: ${String(err).slice(0, 300)}`);
      return sessions[who];
    });
    signIns++;
  }
  return res;
};
const checked = (what: string) => <T>(details: fc.RunDetails<T>) => {
  if (details.failed) failures.push(`${what}: ${fc.defaultReportMessage(details)?.slice(0, 2000) ?? 'failed'}`);
};

/** Anyone, twice as often as another the identity the route is for (0 anonymous, 1 operator, 2 admin). */
const caller = (access: (typeof routes)[number]['access']) => {
  const meant = 'public' in access ? 0 : access.roles === 'any' || access.roles.includes('operator') ? 1 : access.roles.includes('admin') ? 2 : undefined;
  return meant === undefined ? fc.nat({ max: 2 }) : fc.oneof({ arbitrary: fc.constant(meant), weight: 2 }, fc.nat({ max: 2 }));
};

// Every route, with any path value, query, headers and body, or a query and body valid by the
// route's schema in the OpenAPI document (fuzz-schema.ts), so that half the requests reach the handler.
const valid = validRequests(app.swagger() as Parameters<typeof validRequests>[0]);
const request = fc.constantFrom(...routes).chain((route) => {
  const v = valid.get(requestKey(route.method, route.url));
  return fc.tuple(fc.constant(route), pathParam(realCode), v ? fc.oneof(query, v.query) : query, headers, v?.body ? fc.oneof(body(PHONE), v.body) : body(PHONE), caller(route.access));
});
await fc
  .check(
    fc.asyncProperty(request, async ([route, param, q, h, b, who]) => {
      const url = route.url.replace(/:[a-zA-Z]+/g, param) + '?' + new URLSearchParams(q).toString();
      const { statusCode } = await send(route.method, url, who, h, b);
      tally(routeAnswers, statusCode);
      return statusCode < 500;
    }),
    { numRuns: runs, endOnFailure: false, ...seeded },
  )
  .then(checked('routes'));

// The upload routes, a tenth as many runs again, with multipart bodies only, each sent by who
// may upload there (an operator to the staff route, anyone to the citizen's): their parts reach
// the parser, the limits and the check of each file's bytes.
await fc
  .check(
    fc.asyncProperty(fc.constantFrom(...uploads), multipartBody(PHONE), async (route, b) => {
      const res = await send(route.method, route.url.replace(':code', realCode), route.url.includes('/public/') ? 0 : 1, {}, b);
      // 201 stored, 415 judged by their bytes, 413 over the limit…
      tally(uploadAnswers, res.statusCode);
      return res.statusCode < 500;
    }),
    { numRuns: Math.ceil(runs / 10), endOnFailure: false, ...seeded },
  )
  .then(checked('uploads'));

const pure = await fuzzPure(runs, seed);
failures.push(...lifecycle.failures, ...pure.failures);

await app.close();
await database.close();
await scratch?.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(
  `fuzzing: ${runs} runs over ${routes.length} routes, ${Math.ceil(runs / 10)} multipart uploads, ${pure.properties} pure properties; ` +
    `${failures.length} failures; ${unhandled.length} unhandled rejections; staff signed in again ${signIns} times`,
);
console.log(`routes answered: ${tallied(routeAnswers)}`);
if (signInFailures.length > 0) console.log(`staff could not sign in again ${signInFailures.length} times; the first: ${signInFailures[0]}`);
console.log(`multipart uploads answered: ${tallied(uploadAnswers)}`);
console.log(
  `ticket lifecycle: ${lifecycleRuns} runs, ${lifecycle.steps} steps; states reached: ${[...lifecycle.statesSeen].sort().join(', ')}; ` +
    `steps answered: ${tallied(lifecycle.answers)}`,
);
for (const f of failures.slice(0, 20)) console.log(`  ✗ ${f}`);
process.exit(failures.length + unhandled.length > 0 ? 1 : 0);
