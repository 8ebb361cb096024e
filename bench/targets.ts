/**
 * The targets the measurement issue sets (2 cores; PostgreSQL unless said), checked against one
 * run: `npm run bench` prints a table of target, what was measured and the verdict after its
 * results, so that nobody has to compare figures with the README by hand. A scenario that did not
 * run (PostgreSQL without BENCH_DATABASE_URL, or left out by BENCH_SCENARIOS) is "not run",
 * never "met".
 */
import type { Row, RunResult } from './bench-lib.ts';

export const TARGETS = {
  creationPerSecond: 1000,
  creationP99Ms: 100,
  creationVsInsert: 0.5,
  readsPerSecond: 5000,
  rssMb: 300,
  /** "Recovers within seconds when load drops": three good answers in a row within this. */
  recoverySeconds: 10,
  pgliteCreationPerSecond: 300,
  searchP99Ms1M: 100,
  searchP99Ms10M: 250,
} as const;

/** What one engine's scenarios measured (absent: not run). */
export interface EngineRuns {
  submit?: RunResult | undefined;
  create?: RunResult | undefined;
  read?: RunResult | undefined;
  track?: RunResult | undefined;
  /** Every run of the engine, for its peak RSS. */
  all: RunResult[];
  overload?: { run: RunResult; refusal: string; recoverySeconds: number | null } | undefined;
}

type Verdict = 'met' | 'missed' | 'not run';
const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'missed');
const n = (x: number) => x.toLocaleString('en-US');
const errorsNote = (r: RunResult) => (r.errors > 0 ? `, ${n(r.errors)} errors` : '');

export const PG_NOT_CONFIGURED = 'PostgreSQL not run: set BENCH_DATABASE_URL=postgres://… (an account that may create databases)';

/**
 * The targets' table for a run of the ticket benchmarks; `insertCeiling` is the bare INSERT's
 * req/s, `pgAbsent` says why PostgreSQL did not run when it did not.
 */
export function ticketTargets(pg: EngineRuns | undefined, pglite: EngineRuns | undefined, insertCeiling: number | undefined, pgAbsent = PG_NOT_CONFIGURED): Row[] {
  const rows: Row[] = [];
  const add = (target: string, measured: string, v: Verdict) => rows.push({ target, measured, verdict: v });
  const absent = (target: string, why: string) => add(target, why, 'not run');

  const creation = (label: string, r: RunResult | undefined) => {
    const rate = `PostgreSQL ${label} ≥ ${n(TARGETS.creationPerSecond)}/s at p99 ≤ ${TARGETS.creationP99Ms} ms`;
    const ratio = `PostgreSQL ${label} ≥ ${TARGETS.creationVsInsert}× the bare INSERT ceiling`;
    if (!r) return [rate, ratio].forEach((t) => absent(t, 'scenario left out'));
    add(rate, `${n(r.reqPerSec)}/s, p99 ${r.p99} ms${errorsNote(r)}`, verdict(r.reqPerSec >= TARGETS.creationPerSecond && r.p99 <= TARGETS.creationP99Ms && r.errors === 0));
    if (!insertCeiling) return absent(ratio, 'no INSERT ceiling measured');
    const x = r.reqPerSec / insertCeiling;
    add(ratio, `${x.toFixed(2)}× (${n(r.reqPerSec)} / ${n(insertCeiling)}/s)`, verdict(x >= TARGETS.creationVsInsert && r.errors === 0));
  };
  const reads = (label: string, r: RunResult | undefined) => {
    const target = `PostgreSQL ${label} ≥ ${n(TARGETS.readsPerSecond)}/s`;
    if (!r) return absent(target, 'scenario left out');
    add(target, `${n(r.reqPerSec)}/s, p99 ${r.p99} ms${errorsNote(r)}`, verdict(r.reqPerSec >= TARGETS.readsPerSecond && r.errors === 0));
  };

  if (!pg) {
    absent('PostgreSQL targets (creation, reads, RSS, overload)', pgAbsent);
  } else {
    creation('citizen submission', pg.submit);
    creation('operator creation', pg.create);
    reads('read by code', pg.read);
    reads('track by code', pg.track);
    const rssTarget = `PostgreSQL: server RSS ≤ ${TARGETS.rssMb} MB under load`;
    if (pg.all.length === 0) absent(rssTarget, 'no scenario run');
    else {
      const peak = Math.max(...pg.all.map((r) => r.maxRssMb));
      add(rssTarget, `peak ${peak} MB over ${pg.all.length} scenarios`, verdict(peak <= TARGETS.rssMb));
    }
    const overloadTarget = `PostgreSQL overload (3×): 429/503 with Retry-After, recovery ≤ ${TARGETS.recoverySeconds} s`;
    if (!pg.overload) absent(overloadTarget, 'scenario left out');
    else {
      const { run, refusal, recoverySeconds } = pg.overload;
      const refused = (run.statusCounts['429'] ?? 0) + (run.statusCounts['503'] ?? 0);
      const told = /^(429|503): Retry-After \d+$/.test(refusal);
      add(
        overloadTarget,
        `${n(refused)} refused (${refusal}), recovered ${recoverySeconds === null ? 'not within 60 s' : `in ${recoverySeconds} s`}`,
        verdict(refused > 0 && told && recoverySeconds !== null && recoverySeconds <= TARGETS.recoverySeconds),
      );
    }
  }

  for (const [label, r] of [['citizen submission', pglite?.submit], ['operator creation', pglite?.create]] as const) {
    const target = `PGlite ${label} ≥ ${TARGETS.pgliteCreationPerSecond}/s`;
    if (!pglite) absent(target, 'PGlite not run (BENCH_ENGINES)');
    else if (!r) absent(target, 'scenario left out');
    else add(target, `${n(r.reqPerSec)}/s, p99 ${r.p99} ms${errorsNote(r)}`, verdict(r.reqPerSec >= TARGETS.pgliteCreationPerSecond && r.errors === 0));
  }
  return rows;
}

/** The search target for a database of `tickets`: ≤ 250 ms from 10 M tickets on, ≤ 100 ms below. */
export function searchTarget(tickets: number): number {
  return tickets >= 10_000_000 ? TARGETS.searchP99Ms10M : TARGETS.searchP99Ms1M;
}

/**
 * One search row's verdict: its p99 within the target, no errors, and every answer complete: the
 * ones asked before and after the run (`complete`) and those of the run itself (the run's
 * `verifyBody` refuses an answer cut at the search budget, counted in `mismatches`).
 */
export function searchVerdict(tickets: number, r: RunResult, complete: boolean): string {
  const limit = searchTarget(tickets);
  return `≤ ${limit} ms: ${verdict(r.p99 <= limit && r.errors === 0 && complete && r.mismatches === 0)}`;
}
