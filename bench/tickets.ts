/**
 * Ticket creation and read by code over HTTP against the started product (`src/server/main.ts`
 * in its own process), on PGlite and, with BENCH_DATABASE_URL, on PostgreSQL. An API token with
 * the tickets scopes is made before the server starts. Prints one table; writes JSON to
 * bench/results/. BENCH_ENGINES=pglite,postgres chooses the engines; BENCH_SECONDS the length.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { createSecretBox } from '../src/server/lib/secret-box.ts';
import { createApiToken } from '../src/server/modules/auth/api-tokens.service.ts';
import { anonymousActor } from '../src/server/modules/auth/actor.ts';
import { loadReference } from '../src/server/modules/reference/reference.service.ts';
import { spawnProduct, waitReady } from '../src/test/spawn-product.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

async function prepare(database: Database): Promise<string> {
  await runMigrations(database);
  await loadReference(database);
  const config = loadConfig({});
  const { token } = await createApiToken(
    { database, config, clock: systemClock, secrets: createSecretBox(Buffer.alloc(32)) },
    { ...anonymousActor('bench', '127.0.0.1', null), kind: 'user', username: 'bench' },
    { name: 'bench', scopes: ['tickets:read', 'tickets:write'], rateLimitPerMinute: 10_000_000 },
  );
  await database.close();
  return token;
}

async function run(title: string, opts: autocannon.Options): Promise<Record<string, string | number>> {
  const r = await autocannon({ duration: DURATION_S, connections: CONNECTIONS, ...opts });
  return { scenario: title, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, errors: r.errors + r.non2xx };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function benchEngine(engine: string, env: Record<string, string>, token: string) {
  const product = await spawnProduct({ ...env, LOG_LEVEL: 'error', SERVICES: 'web' });
  await waitReady(product);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let n = 0;
  const body = () =>
    JSON.stringify({
      type: 'feedback',
      channel: 'phone_in',
      content: `Đường Nguyễn Huệ đoạn số ${++n} bị ngập nước sau mưa lớn, đề nghị nạo vét cống.`,
      contact: { name: 'Nguyễn Văn An', phone: `09${String(10_000_000 + (n % 5000)).slice(-8)}` },
    });
  const rows = [];
  rows.push({ engine, ...(await run('create ticket (ticket + contact + interaction + event + audit)', { url: `${product.baseUrl}/api/v1/tickets`, method: 'POST', headers, requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }] })) });
  const created = await (await fetch(`${product.baseUrl}/api/v1/tickets?limit=1`, { headers })).json();
  const code = created.items[0].code;
  rows.push({ engine, ...(await run('read ticket by code', { url: `${product.baseUrl}/api/v1/tickets/${code}`, headers })) });
  rows.push({ engine, ...(await run('search "ngap nuoc" (first page)', { url: `${product.baseUrl}/api/v1/tickets?q=ngap%20nuoc&limit=20`, headers })) });
  const rss = rssMb(product.child.pid!);
  product.child.kill('SIGTERM');
  await product.exited;
  return rows.map((r) => ({ ...r, 'server RSS MB': rss }));
}

const results = [];
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
if (engines.includes('pglite')) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-bench-'));
  const pgliteToken = await prepare(await openDatabase({ engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') }));
  results.push(...(await benchEngine('PGlite', { DATA_DIR: dataDir }, pgliteToken)));
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl && engines.includes('postgres')) {
  const name = `t1022_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-bench-pg-'));
  const token = await prepare(await openDatabase({ engine: 'postgres', url: url.toString() }));
  results.push(...(await benchEngine('PostgreSQL', { DATABASE_URL: url.toString(), DATA_DIR: pgDir, DATABASE_POOL_MAX: '20' }, token)));
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
  fs.rmSync(pgDir, { recursive: true, force: true });
}
console.table(results);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/tickets-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify({ machine: `${os.cpus().length} cores, Node ${process.version}`, durationSeconds: DURATION_S, connections: CONNECTIONS, results }, null, 2));
