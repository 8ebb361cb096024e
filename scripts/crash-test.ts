/**
 * `npm run test:crash`: nothing acknowledged to a citizen is lost. Citizen submissions, each
 * with its own Idempotency-Key, run against the started product while it is killed with
 * SIGKILL at random moments and restarted; with --restart-postgres the PostgreSQL server is
 * also restarted under load. At the end every acknowledged ticket must exist exactly once with
 * its history, audit row and queued SMS acknowledgement (outbox), the audit chain must verify, every retry with the same key must return the same code, and no
 * orphan row may exist. Prints the counts; exits 1 on any loss.
 *
 * Options: --engine pglite|postgres (default pglite), --kills N (default 20), --url postgres://…
 * (admin URL, default TEST_DATABASE_URL), --restart-postgres, --concurrency C (default 8).
 */
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, queryRows, type Database } from '../src/server/db/database.ts';
import { verifyAuditChain } from '../src/server/modules/audit/audit.service.ts';
import { spawnProduct, waitReady, type ProductProcess } from '../src/test/spawn-product.ts';
import { sql } from 'drizzle-orm';

const { values: opts } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    kills: { type: 'string', default: '20' },
    url: { type: 'string' },
    'restart-postgres': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
  },
});
const kills = Number(opts.kills);
const concurrency = Number(opts.concurrency);
const engine = opts.engine === 'postgres' ? 'postgres' : 'pglite';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-crash-'));
let databaseUrl: string | undefined;
let adminUrl: string | undefined;
let dbName: string | undefined;

if (engine === 'postgres') {
  adminUrl = opts.url ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('--engine postgres needs --url or TEST_DATABASE_URL');
  dbName = `t1022_crash_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
}

const env: Record<string, string> = {
  DATA_DIR: dataDir,
  LOG_LEVEL: 'error',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
};

interface Submission {
  key: string;
  phone: string;
  body: string;
}
const acknowledged = new Map<string, string>(); // key → code
const unknown = new Map<string, Submission>(); // sent, no answer seen: must be retried
let sent = 0;
/** Non-2xx answers by status (503s under overload are expected; other codes are a bug). */
const refusals = new Map<number, number>();

function newSubmission(): Submission {
  const n = ++sent;
  const phone = `09${String(20_000_000 + n).slice(-8)}`;
  return {
    key: randomUUID(),
    phone,
    body: JSON.stringify({ name: `Người thử ${n}`, phone, content: `Phản ánh thử nghiệm số ${n}: đèn đường hỏng ở khóm ${n % 50}.`, publicConsent: false, consent: true }),
  };
}

async function submit(base: string, s: Submission): Promise<'ok' | 'lost-connection' | 'refused'> {
  try {
    const res = await fetch(`${base}/api/v1/public/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': s.key }, body: s.body, signal: AbortSignal.timeout(10_000) });
    if (res.status === 200 || res.status === 201) {
      const { code } = (await res.json()) as { code: string };
      const earlier = acknowledged.get(s.key);
      if (earlier && earlier !== code) throw new Error(`key ${s.key} answered ${earlier} then ${code}`);
      acknowledged.set(s.key, code);
      unknown.delete(s.key);
      return 'ok';
    }
    refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
    return res.status >= 500 ? 'lost-connection' : 'refused';
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('key ')) throw err;
    return 'lost-connection';
  }
}

/** Load until `stop` resolves: new submissions, and retries of those without an answer. */
async function load(base: string, stop: Promise<void>): Promise<void> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped) {
        const retry = unknown.values().next().value as Submission | undefined;
        const s = retry && Math.random() < 0.3 ? retry : newSubmission();
        unknown.set(s.key, s);
        if ((await submit(base, s)) === 'lost-connection') await new Promise((r) => setTimeout(r, 50));
      }
    }),
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let product: ProductProcess | undefined;
const started = Date.now();
for (let round = 0; round < kills; round++) {
  product = await spawnProduct(env);
  await waitReady(product, 120_000);
  const runFor = 400 + Math.random() * 1600;
  const loadDone = load(product.baseUrl, sleep(runFor + 300));
  await sleep(runFor);
  if (opts['restart-postgres'] && engine === 'postgres' && round % 5 === 2) {
    execSync(`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -n | tail -1) main restart`, { stdio: 'ignore', shell: '/bin/bash' });
  }
  product.child.kill('SIGKILL');
  await product.exited;
  await loadDone;
  process.stdout.write(`round ${round + 1}/${kills}: acknowledged ${acknowledged.size}, unanswered ${unknown.size}\n`);
}

// A last clean start: every unanswered submission is retried (a retry of an acknowledged key
// that answered a different code fails the run at once, in submit()).
product = await spawnProduct(env);
await waitReady(product, 120_000);
// A client retries a 503 (overload: Retry-After) or a lost connection; a few times, like one.
for (const s of [...unknown.values()]) {
  for (let attempt = 0; attempt < 10 && (await submit(product.baseUrl, s)) === 'lost-connection'; attempt++) await sleep(500);
}
const stillUnknown = unknown.size;
let replayMismatches = 0;
const sample = [...acknowledged.entries()].slice(0, 200);
for (const [key] of sample) {
  // Tracking with someone else's phone number must not show the ticket.
  const res = await fetch(`${product.baseUrl}/api/v1/public/tickets/${acknowledged.get(key)}?phone=${encodeURIComponent('0900000000')}`);
  if (res.status !== 404) replayMismatches++; // a wrong phone must not reveal the ticket
}
product.child.kill('SIGTERM');
await product.exited;

// Check the database itself.
const database: Database = databaseUrl
  ? await openDatabase({ engine: 'postgres', url: databaseUrl })
  : await openDatabase({ engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
const codes = [...acknowledged.values()];
const rows = await queryRows<{ code: string; n: number; events: number; audits: number; keys: number; acks: number }>(
  database.db,
  sql`SELECT t.code, count(*)::int AS n,
        (SELECT count(*)::int FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'created') AS events,
        (SELECT count(*)::int FROM audit_log a WHERE a.entity_id = t.id::text AND a.action = 'ticket.created') AS audits,
        (SELECT count(*)::int FROM idempotency_keys k WHERE k.ticket_id = t.id) AS keys,
        (SELECT count(*)::int FROM outbox_messages o WHERE o.ticket_id = t.id AND o.kind = 'ticket.received' AND o.channel = 'sms') AS acks
      FROM tickets t GROUP BY t.id, t.code`,
);
const byCode = new Map(rows.map((r) => [r.code, r]));
const missing = codes.filter((c) => !byCode.has(c));
const incomplete = codes.filter((c) => {
  const r = byCode.get(c);
  return r && (r.n !== 1 || r.events !== 1 || r.audits !== 1 || r.keys !== 1);
});
// Every acknowledged ticket queued exactly one SMS acknowledgement to the citizen.
const withoutAck = codes.filter((c) => byCode.get(c) && byCode.get(c)!.acks !== 1);
const [orphans] = await queryRows<{ interactions: number; keys: number }>(
  database.db,
  sql`SELECT (SELECT count(*)::int FROM interactions WHERE ticket_id IS NULL AND channel = 'web') AS interactions,
             (SELECT count(*)::int FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id)) AS keys`,
);
const [counter] = await queryRows<{ gaps: number }>(
  database.db,
  sql`SELECT (SELECT coalesce(sum(last), 0)::int FROM ticket_code_counters) - (SELECT count(*)::int FROM tickets) AS gaps`,
);
const audit = await verifyAuditChain(database.db);
await database.close();
if (adminUrl && dbName) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
fs.rmSync(dataDir, { recursive: true, force: true });

const report = {
  engine,
  kills,
  seconds: Math.round((Date.now() - started) / 1000),
  sent,
  acknowledged: acknowledged.size,
  ticketsInDatabase: rows.length,
  lost: missing.length,
  incomplete: incomplete.length,
  withoutAcknowledgement: withoutAck.length,
  unansweredAfterRetry: stillUnknown,
  orphanInteractions: orphans?.interactions ?? -1,
  orphanKeys: orphans?.keys ?? -1,
  codeGaps: counter?.gaps ?? -1,
  auditChainBroken: audit.ok ? 0 : 1,
  trackingLeaks: replayMismatches,
};
console.table([report]);
console.log(`non-2xx answers: ${[...refusals].map(([status, count]) => `${status}×${count}`).join(', ') || 'none'}`);
// Each count must be 0: summed, a negative one (more tickets than codes given, or a count that
// could not be taken, -1) would hide a loss elsewhere.
const checked = [report.lost, report.incomplete, report.withoutAcknowledgement, report.unansweredAfterRetry, report.orphanInteractions, report.orphanKeys, report.codeGaps, report.auditChainBroken, report.trackingLeaks];
const failed = checked.some((count) => count !== 0);
console.log(failed ? 'crash test: FAILED' : `crash test: passed (${report.acknowledged} acknowledged tickets, none lost)`);
process.exit(failed ? 1 : 0);
