/**
 * Start-up figures for the README: first start (new data folder or empty database), warm
 * start, and resident memory when idle, on PGlite and on PostgreSQL (BENCH_DATABASE_URL).
 * Runs `npm start` exactly as a newcomer would.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/test/spawn-product.ts';

async function startOnce(env: Record<string, string>): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: 'ignore', detached: true });
  let ms: number;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) {
        ms = performance.now() - started;
        break;
      }
    } catch {
      /* not yet */
    }
    if (performance.now() - started > 120_000) throw new Error('did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 5000));
  // The server is the node process under npm: sum the RSS of the process group.
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  let rssKb = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ');
      if (Number(stat[4]) !== child.pid) continue; // process group id
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return { ms: Math.round(ms), rssMb: Math.round(rssKb / 1024) };
}

const rows: Array<Record<string, string | number>> = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-bench-start-'));
const first = await startOnce({ DATA_DIR: dataDir });
const warm = await startOnce({ DATA_DIR: dataDir });
rows.push({ engine: 'PGlite', 'first start (ms)': first.ms, 'warm start (ms)': warm.ms, 'idle RSS (MB)': warm.rssMb });
fs.rmSync(dataDir, { recursive: true, force: true });

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl) {
  const name = `t1022_bench_start_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-bench-start-pg-'));
  const pgFirst = await startOnce({ DATABASE_URL: url.toString(), DATA_DIR: pgDir });
  const pgWarm = await startOnce({ DATABASE_URL: url.toString(), DATA_DIR: pgDir });
  rows.push({ engine: 'PostgreSQL', 'first start (ms)': pgFirst.ms, 'warm start (ms)': pgWarm.ms, 'idle RSS (MB)': pgWarm.rssMb });
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
  fs.rmSync(pgDir, { recursive: true, force: true });
}
console.table(rows);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/startup-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify({ machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`, rows }, null, 2));
