/**
 * Tickets over HTTP against the started product (`src/server/main.ts` in its own process), on
 * PGlite and, with BENCH_DATABASE_URL, on PostgreSQL; the ceilings (bench/ceiling-server.ts)
 * measured in the same run; and overload (3× the sustainable creation rate). Each engine's
 * database is seeded with BENCH_SEED_TICKETS generated tickets first (default 20,000 on
 * PostgreSQL, 5,000 on PGlite) so that lists and the agency inbox have something to scan.
 *
 * Scenarios: citizen submission, operator creation (API token), read by code, citizen track by
 * code, agency inbox (a signed-in agency focal point, two filters), overload and recovery.
 * Env: BENCH_ENGINES=pglite,postgres, BENCH_SECONDS (default 8), BENCH_CONNECTIONS (20),
 * BENCH_SCENARIOS (default all): a comma-separated subset of submit, create, read, track, inbox,
 * overdue, overload, e.g. BENCH_SCENARIOS=read,track,inbox (overload needs submit; without it
 * the overload offers 300/s).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { openDatabase } from '../src/server/db/database.ts';
import { freePort, spawnProduct, waitReady } from '../src/test/spawn-product.ts';
import { measure, measureWarm, rowOf, sleep, throwawayDatabase, writeResult, type DbProbe, type Row, type RunResult } from './bench-lib.ts';
import { PG_NOT_CONFIGURED, ticketTargets, type EngineRuns } from './targets.ts';
import { INBOX_LISTS, citizenRequest, knownTickets, nextSubmission, operatorCreationRequest, prepare, readRequest, signIn, trackRequest, type Prepared } from './workload.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SCENARIOS = ['submit', 'create', 'read', 'track', 'inbox', 'overdue', 'overload'] as const;
const chosen = new Set((process.env.BENCH_SCENARIOS ?? SCENARIOS.join(',')).split(',').map((s) => s.trim()));
for (const s of chosen) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
const runs = (s: (typeof SCENARIOS)[number]) => chosen.has(s);

/** Light load after an overload: seconds from the end of the load to three 2xx answers in a row. */
async function recoveryTime(baseUrl: string, from: number): Promise<number | null> {
  let inARow = 0;
  while (Date.now() - from < 60_000) {
    try {
      const res = await fetch(`${baseUrl}/api/v1/public/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: nextSubmission().body,
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      inARow = res.status < 300 ? inARow + 1 : 0;
      if (inARow === 3) return Number(((Date.now() - from) / 1000).toFixed(1));
    } catch {
      inARow = 0;
    }
    await sleep(100);
  }
  return null;
}

async function benchEngine(
  engine: 'PGlite' | 'PostgreSQL',
  env: Record<string, string>,
  prepared: Prepared,
  ceilings: Ceilings | undefined,
  db?: DbProbe,
): Promise<{ rows: Row[]; runs: EngineRuns }> {
  const product = await spawnProduct({ ...env, LOG_LEVEL: 'warn', SERVICES: 'web', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' });
  await waitReady(product, 120_000);
  const pid = product.child.pid!;
  const base = product.baseUrl;
  const auth = { authorization: `Bearer ${prepared.token}` };
  const measured: EngineRuns = { all: [] };
  const run = async (opts: autocannon.Options) => {
    const r = await measureWarm(pid, { duration: DURATION_S, connections: CONNECTIONS, ...opts }, db);
    measured.all.push(r);
    return r;
  };
  const rows: Row[] = [];
  const ratio = (value: number, ceiling: number | undefined) => (ceiling ? `${(value / ceiling).toFixed(2)}×` : '');

  const submit = runs('submit') ? await run({ url: `${base}/api/v1/public/tickets`, method: 'POST', requests: [citizenRequest()] }) : undefined;
  measured.submit = submit;
  if (submit) rows.push(rowOf(engine, 'citizen submission (+ outbox ack)', submit, { 'vs ceiling': ratio(submit.reqPerSec, ceilings?.insert) }));
  if (runs('create')) {
    const create = await run({
      url: `${base}/api/v1/tickets`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      requests: [operatorCreationRequest()],
    });
    measured.create = create;
    rows.push(rowOf(engine, 'operator creation (token)', create, { 'vs ceiling': ratio(create.reqPerSec, ceilings?.insert) }));
  }

  // Tickets whose code and phone are known, read round-robin.
  const known = await knownTickets(base, 200);
  if (runs('read')) {
    const read = await run({ url: base, requests: [readRequest(known, prepared.token)] });
    measured.read = read;
    rows.push(rowOf(engine, 'read ticket by code (token)', read, { 'vs ceiling': ratio(read.reqPerSec, ceilings?.hello) }));
  }
  if (runs('track')) {
    const track = await run({ url: base, requests: [trackRequest(known)] });
    measured.track = track;
    rows.push(rowOf(engine, 'citizen track by code', track, { 'vs ceiling': ratio(track.reqPerSec, ceilings?.hello) }));
  }

  if (runs('inbox') || runs('overdue')) {
    const cookie = await signIn(base, prepared.agencyUser);
    for (const list of ['inbox', 'overdue'] as const) {
      if (runs(list)) rows.push(rowOf(engine, INBOX_LISTS[list].title, await run({ url: `${base}${INBOX_LISTS[list].path}`, headers: { cookie } })));
    }
  }

  if (runs('overload')) {
    const over = await overload(engine, base, pid, submit?.reqPerSec ?? 0, db);
    measured.overload = over.measured;
    measured.all.push(over.measured.run);
    rows.push(over.row);
  }
  product.child.kill('SIGTERM');
  await product.exited;
  return { rows, runs: measured };
}

/** Three times the sustainable submission rate from many connections, then the time to recover. */
async function overload(engine: string, base: string, pid: number, sustainable: number, db?: DbProbe): Promise<{ row: Row; measured: NonNullable<EngineRuns['overload']> }> {
  // A probe alongside records what a refused client is told (Retry-After).
  const offered = Math.max(300, sustainable * 3);
  let retryAfter = 'none seen';
  let probing = true;
  const probe = (async () => {
    while (probing) {
      try {
        const res = await fetch(`${base}/api/v1/public/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 503 || res.status === 429) retryAfter = `${res.status}: Retry-After ${res.headers.get('retry-after') ?? 'MISSING'}`;
      } catch {
        /* timed out: counted by autocannon */
      }
      await sleep(200);
    }
  })();
  const over = await measure(pid, { url: `${base}/api/v1/public/tickets`, method: 'POST', duration: 10, connections: 400, overallRate: offered, timeout: 10, requests: [citizenRequest()] }, db);
  probing = false;
  await probe;
  const recovery = await recoveryTime(base, Date.now());
  const c = (code: string) => over.statusCounts[code] ?? 0;
  const row = rowOf(engine, `overload: ${offered}/s offered (3×), 400 conns`, over, {
    '2xx': c('200') + c('201'),
    '429': c('429'),
    '503': c('503'),
    'recovery s': recovery ?? 'none in 60 s',
    refusal: retryAfter,
  });
  return { row, measured: { run: over, refusal: retryAfter, recoverySeconds: recovery } };
}

interface Ceilings {
  hello: number;
  insert: number | undefined;
  rows: Row[];
}

/** The bare Fastify server (hello, and one INSERT when `databaseUrl` is given), in its own process. */
async function measureCeilings(databaseUrl: string | undefined, db?: DbProbe): Promise<Ceilings> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ceiling-server.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`ceiling server exited: ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  const hello = await measureWarm(child.pid!, { url: `${base}/hello`, duration: DURATION_S, connections: CONNECTIONS });
  rows.push(rowOf('ceiling', 'bare Fastify: hello JSON', hello));
  let insert: RunResult | undefined;
  if (databaseUrl) {
    const request = citizenRequest();
    insert = await measureWarm(child.pid!, { url: `${base}/insert`, method: 'POST', duration: DURATION_S, connections: CONNECTIONS, requests: [request] }, db);
    rows.push(rowOf('ceiling', 'bare Fastify + one INSERT (PostgreSQL)', insert));
  }
  child.kill('SIGTERM');
  return { hello: hello.reqPerSec, insert: insert?.reqPerSec, rows };
}

const results: Row[] = [];
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const adminUrl = process.env.BENCH_DATABASE_URL;
const seedPg = Number(process.env.BENCH_SEED_TICKETS ?? 20_000);
const seedPglite = Number(process.env.BENCH_SEED_TICKETS ?? 5_000);
const setup: Row[] = [];

if (engines.includes('postgres') && !adminUrl) {
  console.log(`${PG_NOT_CONFIGURED}: the PostgreSQL scenarios, the INSERT ceiling and most targets need it.`);
}
let pgDb: Awaited<ReturnType<typeof throwawayDatabase>> | undefined;
let pgPrepared: Prepared | undefined;
if (adminUrl && engines.includes('postgres')) {
  pgDb = await throwawayDatabase(adminUrl, `t1022_bench_${process.pid}`);
  pgPrepared = await prepare(await openDatabase({ engine: 'postgres', url: pgDb.url }), seedPg);
  setup.push({ engine: 'PostgreSQL', 'seeded tickets': pgPrepared.seeded, 'seed s': pgPrepared.seedSeconds });
}
const probe = (applicationName: string): DbProbe | undefined => (pgDb && adminUrl ? { adminUrl, database: pgDb.name, applicationName } : undefined);
const ceilings = await measureCeilings(pgDb?.url, probe('bench-ceiling'));
results.push(...ceilings.rows);

let pgliteRuns: EngineRuns | undefined;
let pgRuns: EngineRuns | undefined;
if (engines.includes('pglite')) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-bench-'));
  const prepared = await prepare(await openDatabase({ engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') }), seedPglite);
  setup.push({ engine: 'PGlite', 'seeded tickets': prepared.seeded, 'seed s': prepared.seedSeconds });
  const done = await benchEngine('PGlite', { DATA_DIR: dataDir }, prepared, ceilings);
  results.push(...done.rows);
  pgliteRuns = done.runs;
  fs.rmSync(dataDir, { recursive: true, force: true });
}
if (pgDb && pgPrepared) {
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-bench-pg-'));
  const done = await benchEngine('PostgreSQL', { DATABASE_URL: pgDb.url, DATA_DIR: pgDir, DATABASE_POOL_MAX: '20' }, pgPrepared, ceilings, probe('tongdai-1022'));
  results.push(...done.rows);
  pgRuns = done.runs;
  await pgDb.drop();
  fs.rmSync(pgDir, { recursive: true, force: true });
}
console.table(setup);
console.table(results);
console.log(`(${DURATION_S} s per scenario, ${CONNECTIONS} connections; req/s counts 2xx answers only; "load" = the machine's 1-minute load average when the run started; "vs ceiling" = req/s over the bare INSERT ceiling for creation, over bare hello for reads)`);
const targets = ticketTargets(pgRuns, pgliteRuns, ceilings.insert, engines.includes('postgres') ? PG_NOT_CONFIGURED : 'PostgreSQL not run (BENCH_ENGINES)');
console.log('Targets (2 cores; PostgreSQL unless said):');
console.table(targets);
console.log('(verdicts are this run\'s: other work on the machine, see "load", lowers req/s; a scenario not run is never "met")');
console.log(`written: ${writeResult('tickets', { durationSeconds: DURATION_S, connections: CONNECTIONS, setup, results, targets })}`);
