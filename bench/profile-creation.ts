/**
 * One creation scenario against the started product, with the server's CPU profile: where a
 * ticket's milliseconds go. `npx tsx bench/profile-creation.ts create|submit` (operator creation
 * with an API token, or citizen submission). Env: ENGINE=pglite (default PostgreSQL at
 * 127.0.0.1:5432 as postgres, a throwaway database), SECS (10), PROF=0 (no profile). Prints
 * req/s, latencies and CPU ms per request of the server and of this database's PostgreSQL
 * backends; the profile goes to bench/results/profiles/ (open it in Chrome DevTools).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { createSecretBox } from '../src/server/lib/secret-box.ts';
import { createApiToken } from '../src/server/modules/auth/api-tokens.service.ts';
import { anonymousActor } from '../src/server/modules/auth/actor.ts';
import { loadReference } from '../src/server/modules/reference/reference.service.ts';
import { generateDemoTickets } from '../src/server/demo/demo.service.ts';
import { freePort, waitReady } from '../src/test/spawn-product.ts';
import { throwawayDatabase } from './bench-lib.ts';

const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
const scenario = process.argv[2] ?? 'create';
const pglite = process.env.ENGINE === 'pglite';
const dataDir = `/tmp/prof-data-${Date.now()}`;
const db = pglite ? { url: '', drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) } : await throwawayDatabase(admin, `prof_${Date.now()}`);
const database = pglite ? await openDatabase({ engine: 'pglite', dataDir: `${dataDir}/pgdata` }) : await openDatabase({ engine: 'postgres', url: db.url });
await runMigrations(database);
await loadReference(database);
await generateDemoTickets(database, { tickets: pglite ? 2000 : 5000, years: 1, now: systemClock.now(), codePrefix: '1022', skipForeignKeyChecks: true });
const { token } = await createApiToken(
  { database, config: loadConfig({}), clock: systemClock, secrets: createSecretBox(Buffer.alloc(32)) },
  { ...anonymousActor('bench', '127.0.0.1', null), kind: 'user', username: 'bench' },
  { name: 'bench', scopes: ['tickets:read', 'tickets:write'], rateLimitPerMinute: 100_000_000 },
);
await database.close();
const port = await freePort();
const prof = process.env.PROF !== '0';
const child = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('bench/results/profiles')}`] : []), '--import', 'tsx', 'src/server/main.ts'], {
  env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...(pglite ? { DATA_DIR: dataDir } : { DATABASE_URL: db.url }), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SERVICES: 'web', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', DATABASE_POOL_MAX: '20' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const product = { baseUrl: `http://127.0.0.1:${port}`, output: () => '', exited: new Promise((r) => child.on('exit', r)) };
await waitReady(product as never, 120_000);
let n = 0;
const phoneOf = (i: number) => `09${String(10_000_000 + (i % 50_000)).slice(-8)}`;
const opts: autocannon.Options = scenario === 'create' ? {
  url: `${product.baseUrl}/api/v1/tickets`, method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  requests: [{ setupRequest: (req) => { const i = ++n; return { ...req, body: JSON.stringify({ type: 'feedback', channel: 'phone_in', content: `Đường số ${i} bị ngập nước sau mưa lớn, đề nghị nạo vét cống.`, contact: { name: 'Nguyễn Văn An', phone: phoneOf(i) } }) }; } }],
} : { url: `${product.baseUrl}/api/v1/public/tickets`, method: 'POST', requests: [{ setupRequest: (req) => { const i = ++n; return { ...req, headers: { ...req.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ name: 'Nguyễn Thị Lan', phone: phoneOf(i), content: `Đường số ${i} bị ngập`, publicConsent: false, consent: true }) }; } }] };
await autocannon({ ...opts, duration: 3, connections: 20 });
const dbName = pglite ? '' : new URL(db.url).pathname.slice(1);
const pgCpu = () => {
  let t = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      // Only this database's backends (their command line names it), not other users of the server.
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${dbName} `)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      t += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return t * 10;
};
const pgBefore = pgCpu();
const before = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(' ');
const r = await autocannon({ ...opts, duration: Number(process.env.SECS ?? 10), connections: 20 });
const after = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(' ');
const cpu = (Number(after[13]) + Number(after[14]) - Number(before[13]) - Number(before[14])) * 10;
const pgMs = pgCpu() - pgBefore;
console.log(`${scenario}: ${r.requests.average}/s p50 ${r.latency.p50} p99 ${r.latency.p99} non2xx ${r.non2xx} errors ${r.errors}; server CPU ${(cpu / r.requests.total).toFixed(2)} ms/req, PostgreSQL ${(pgMs / r.requests.total).toFixed(2)} ms/req (load ${os.loadavg()[0]!.toFixed(1)})`);
child.kill('SIGTERM');
await product.exited;
await db.drop();
