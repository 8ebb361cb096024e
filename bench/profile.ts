/**
 * One ticket scenario against the started product, with the server's CPU profile: where a
 * request's milliseconds go. `npx tsx bench/profile.ts create|submit|read|track` (operator
 * creation with an API token, citizen submission, read by code with the token, citizen track by
 * code and phone). Env: ENGINE=pglite (default PostgreSQL at 127.0.0.1:5432 as postgres, a
 * throwaway database), SECS (10), PROF=0 (no profile), POOL (the server's DATABASE_POOL_MAX,
 * 20 as in `npm run bench`). Prints req/s, latencies and CPU ms per request of the server and of
 * its PostgreSQL backends; the profile goes to bench/results/profiles/ (open it in Chrome
 * DevTools).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { openDatabase } from '../src/server/db/database.ts';
import { buildWhatIsStale, serverEntry, serverNodeFlags } from '../scripts/builds.mjs';
import { freePort, waitReady, type ProductProcess } from '../src/test/spawn-product.ts';
import { measure, throwawayDatabase, warmUp } from './bench-lib.ts';
import { citizenRequest, knownTickets, operatorCreationRequest, prepare, readRequest, trackRequest } from './workload.ts';

const ADMIN_URL = process.env.ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCENARIOS = ['create', 'submit', 'read', 'track'] as const;
const scenario = (process.argv[2] ?? 'create') as (typeof SCENARIOS)[number];
if (!SCENARIOS.includes(scenario)) throw new Error(`scenario: one of ${SCENARIOS.join(', ')}`);
const pglite = process.env.ENGINE === 'pglite';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-'));
const pg = pglite ? undefined : await throwawayDatabase(ADMIN_URL, `profile_${Date.now()}`);
const { token } = await prepare(
  pg ? await openDatabase({ engine: 'postgres', url: pg.url }) : await openDatabase({ engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') }),
  pglite ? 2000 : 5000,
);

const port = await freePort();
const profile = process.env.PROF === '0' ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve('bench/results/profiles')}`];
buildWhatIsStale(() => {});
const child = spawn(process.execPath, [...serverNodeFlags, ...profile, serverEntry], {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    ...(pg ? { DATABASE_URL: pg.url, DATABASE_POOL_MAX: process.env.POOL ?? '20' } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SERVICES: 'web',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise((resolve) => child.on('exit', resolve));
const base = `http://127.0.0.1:${port}`;
await waitReady({ baseUrl: base, output: () => '', exited } as unknown as ProductProcess, 120_000);

const known = scenario === 'read' || scenario === 'track' ? await knownTickets(base, 200) : [];
const options: autocannon.Options = {
  create: { url: `${base}/api/v1/tickets`, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, requests: [operatorCreationRequest()] },
  submit: { url: `${base}/api/v1/public/tickets`, method: 'POST', requests: [citizenRequest()] },
  read: { url: base, requests: [readRequest(known, token)] },
  track: { url: base, requests: [trackRequest(known)] },
}[scenario] as autocannon.Options;
await warmUp({ ...options, connections: 20 });
const r = await measure(child.pid!, { ...options, duration: Number(process.env.SECS ?? 10), connections: 20 }, pg ? { adminUrl: ADMIN_URL, database: pg.name, applicationName: 'tongdai-1022' } : undefined);
console.log(
  `${scenario}: ${r.reqPerSec}/s p50 ${r.p50} ms p99 ${r.p99} ms, errors ${r.errors}; CPU ms/request: server ${r.serverCpuMsPerReq}` +
    (r.dbCpuMsPerReq === null ? '' : `, PostgreSQL ${r.dbCpuMsPerReq}`) +
    `; load ${r.loadBefore}`,
);
child.kill('SIGTERM');
await exited;
await pg?.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
