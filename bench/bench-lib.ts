/**
 * What the benchmarks share: autocannon runs that sample the server's resident memory while
 * they last, throwaway PostgreSQL databases, the machine's description and the result files.
 */
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';

export type Row = Record<string, string | number>;

/** Resident memory of a process, in MB (0 when it is gone). */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** The 1-minute load average: how busy the machine was (other work included) when a run started. */
export const loadAverage = () => Number(os.loadavg()[0]!.toFixed(1));

/** CPU time (user + system) a process has used so far, in ms; 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), counted in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Which PostgreSQL backends serve the server under test, for their CPU time. */
export interface DbProbe {
  adminUrl: string;
  database: string;
  applicationName: string;
}

async function backendPids(probe: DbProbe): Promise<number[]> {
  const client = new pg.Client({ connectionString: probe.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [probe.database, probe.applicationName]);
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

export interface RunResult {
  /** 2xx answers per second. */
  reqPerSec: number;
  /** CPU per request, in ms: robust to other work on the machine, unlike req/s. */
  serverCpuMsPerReq: number;
  dbCpuMsPerReq: number | null;
  p50: number;
  p99: number;
  errors: number;
  statusCounts: Record<string, number>;
  /** 2xx answers in all. */
  answers: number;
  /** Answers refused by the run's `verifyBody` (0 when it has none). */
  mismatches: number;
  maxRssMb: number;
  loadBefore: number;
  /** Seconds of warm-up before the run (`warmUp`), when it had one. */
  warmUpSeconds?: number;
}

/** One autocannon run against `serverPid`'s server, sampling its RSS four times a second. */
export async function measure(serverPid: number, opts: autocannon.Options, db?: DbProbe): Promise<RunResult> {
  const loadBefore = loadAverage();
  let maxRss = rssMb(serverPid);
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(serverPid))), 250);
  try {
    // Backends are counted from the start (and those the pool opens during the run, from 0).
    const dbBefore = new Map((db ? await backendPids(db) : []).map((pid) => [pid, cpuMs(pid)]));
    const cpuBefore = cpuMs(serverPid);
    const r = await autocannon(opts);
    const cpu = cpuMs(serverPid) - cpuBefore;
    const dbAfter = db ? await backendPids(db) : [];
    const dbCpu = dbAfter.reduce((total, pid) => total + cpuMs(pid) - (dbBefore.get(pid) ?? 0), 0);
    const total = Math.max(1, r.requests.total);
    const statusCounts: Record<string, number> = {};
    for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCounts[code] = (v as { count: number }).count;
    return {
      // Answers that did the work: a 503 from the overload guard is not throughput.
      reqPerSec: Math.round(r['2xx'] / Math.max(r.duration, 0.001)),
      serverCpuMsPerReq: Number((cpu / total).toFixed(2)),
      dbCpuMsPerReq: db ? Number((dbCpu / total).toFixed(2)) : null,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx,
      statusCounts,
      answers: r['2xx'],
      mismatches: r.mismatches,
      maxRssMb: maxRss,
      loadBefore,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Longest warm-up of one load, in seconds (BENCH_WARMUP_MAX_S). */
export const WARMUP_MAX_S = Number(process.env.BENCH_WARMUP_MAX_S ?? 40);
const WARMUP_WINDOW_S = 2;
/** Windows compared at a time: the newest so many against as many before them. */
const WARMUP_SPAN = 3;
/** A span faster than the one before by more than this share means the server is still warming. */
const WARMUP_RISE = 0.03;

/**
 * Runs the load in windows of two seconds until its rate stops rising (`warmedUp`), at most `maxS`
 * seconds; returns the seconds it ran. A server that has just started is not at full speed yet
 * (V8 still compiling its hot code, PGlite's WebAssembly most of all: on a 2-core machine the
 * first five seconds of creation on PGlite ran at 57–59 % of the rate reached after twenty, the
 * rate rising by a few per cent every two seconds), and the benchmarks measure a server that has
 * been running a while.
 */
export async function warmUp(opts: autocannon.Options, maxS = WARMUP_MAX_S): Promise<number> {
  const rates: number[] = [];
  do {
    const r = await autocannon({ ...opts, duration: WARMUP_WINDOW_S });
    rates.push(r['2xx'] / Math.max(r.duration, 0.001));
  } while (!warmedUp(rates, Math.floor(maxS / WARMUP_WINDOW_S)));
  return rates.length * WARMUP_WINDOW_S;
}

/**
 * Whether warm-up windows with these rates (2xx per second, oldest first) are enough: the newest
 * three averaged no more than 3 % above the three before them (a slow climb shows over six
 * seconds where two-second windows differ by less than their noise), or `maxWindows` ran.
 */
export function warmedUp(rates: readonly number[], maxWindows: number): boolean {
  if (rates.length >= maxWindows) return true;
  if (rates.length < 2 * WARMUP_SPAN) return false;
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return mean(rates.slice(-WARMUP_SPAN)) <= mean(rates.slice(-2 * WARMUP_SPAN, -WARMUP_SPAN)) * (1 + WARMUP_RISE);
}

/** `measure` after `warmUp` with the same load. */
export async function measureWarm(serverPid: number, opts: autocannon.Options, db?: DbProbe): Promise<RunResult> {
  const warmUpSeconds = await warmUp(opts);
  return { ...(await measure(serverPid, opts, db)), warmUpSeconds };
}

/** The row printed for a run. */
export function rowOf(engine: string, scenario: string, r: RunResult, extra: Row = {}): Row {
  const odd = Object.entries(r.statusCounts).filter(([code]) => !code.startsWith('2'));
  return {
    engine,
    scenario,
    'req/s': r.reqPerSec,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    errors: r.errors,
    ...(odd.length ? { 'non-2xx': odd.map(([code, count]) => `${code}×${count}`).join(' ') } : {}),
    'CPU ms/req': r.serverCpuMsPerReq,
    ...(r.dbCpuMsPerReq !== null ? { 'DB CPU ms/req': r.dbCpuMsPerReq } : {}),
    'RSS MB': r.maxRssMb,
    load: r.loadBefore,
    ...(r.warmUpSeconds !== undefined ? { 'warm-up s': r.warmUpSeconds } : {}),
    ...extra,
  };
}

/** A new empty database on the server of `adminUrl`; returns its URL and a function that drops it. */
export async function throwawayDatabase(adminUrl: string, name: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/** Writes `data` to bench/results/<name>-<timestamp>.json and returns the path. */
export function writeResult(name: string, data: unknown): string {
  fs.mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${name}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
  fs.writeFileSync(file, JSON.stringify({ machine: machine(), at: new Date().toISOString(), ...(data as object) }, null, 2));
  return file;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
