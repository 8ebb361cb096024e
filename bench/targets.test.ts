import { describe, expect, it } from 'vitest';
import type { RunResult } from './bench-lib.ts';
import { searchVerdict, ticketTargets, type EngineRuns } from './targets.ts';

const run = (reqPerSec: number, over: Partial<RunResult> = {}): RunResult => ({
  reqPerSec,
  serverCpuMsPerReq: 0.4,
  dbCpuMsPerReq: 0.5,
  p50: 10,
  p99: 30,
  errors: 0,
  statusCounts: { '201': reqPerSec * 8 },
  answers: reqPerSec * 8,
  mismatches: 0,
  maxRssMb: 150,
  loadBefore: 1,
  ...over,
});

/** A PostgreSQL run like this project's on a fast 2-core machine: creation fast but under half the INSERT ceiling. */
function postgresRuns(over: Partial<EngineRuns> = {}): EngineRuns {
  const submit = run(1203, { p99: 38 });
  const create = run(1373, { p99: 34 });
  const read = run(5693);
  const track = run(5836);
  const overloadRun = run(1031, { statusCounts: { '201': 10442, '503': 20863 }, maxRssMb: 166 });
  return {
    submit,
    create,
    read,
    track,
    all: [submit, create, read, track, overloadRun],
    overload: { run: overloadRun, refusal: '503: Retry-After 5', recoverySeconds: 0.2 },
    ...over,
  };
}
const pgliteRuns = (): EngineRuns => ({ submit: run(501), create: run(537), all: [] });
const verdictOf = (rows: ReturnType<typeof ticketTargets>, start: string) => {
  const row = rows.find((r) => String(r.target).startsWith(start));
  if (!row) throw new Error(`no target row starting "${start}" in ${rows.map((r) => r.target).join(' | ')}`);
  return row.verdict;
};

describe('the benchmark targets', () => {
  it('says which targets a run met and which it missed, with the measured figure', () => {
    const rows = ticketTargets(postgresRuns(), pgliteRuns(), 5769);
    expect(verdictOf(rows, 'PostgreSQL operator creation ≥ 1,000/s')).toBe('met');
    expect(verdictOf(rows, 'PostgreSQL operator creation ≥ 0.5×')).toBe('missed');
    expect(rows.find((r) => String(r.target).startsWith('PostgreSQL operator creation ≥ 0.5×'))!.measured).toBe('0.24× (1,373 / 5,769/s)');
    expect(verdictOf(rows, 'PostgreSQL read by code')).toBe('met');
    expect(verdictOf(rows, 'PostgreSQL: server RSS')).toBe('met');
    expect(rows.find((r) => String(r.target).startsWith('PostgreSQL: server RSS'))!.measured).toBe('peak 166 MB over 5 scenarios');
    expect(verdictOf(rows, 'PostgreSQL overload')).toBe('met');
    expect(verdictOf(rows, 'PGlite operator creation')).toBe('met');
  });

  it('misses a rate reached with errors, a slow p99, or reads under 5,000/s', () => {
    const rows = ticketTargets(postgresRuns({ create: run(1500, { errors: 3 }), submit: run(1300, { p99: 140 }), read: run(4999) }), pgliteRuns(), 2500);
    expect(verdictOf(rows, 'PostgreSQL operator creation ≥ 1,000/s')).toBe('missed');
    expect(verdictOf(rows, 'PostgreSQL operator creation ≥ 0.5×')).toBe('missed');
    expect(verdictOf(rows, 'PostgreSQL citizen submission ≥ 1,000/s')).toBe('missed');
    expect(verdictOf(rows, 'PostgreSQL citizen submission ≥ 0.5×')).toBe('met');
    expect(verdictOf(rows, 'PostgreSQL read by code')).toBe('missed');
  });

  it('misses an overload answered without Retry-After, never refused, or not recovered', () => {
    const base = postgresRuns();
    const over = base.overload!;
    for (const overload of [
      { ...over, refusal: '503: Retry-After MISSING' },
      { ...over, refusal: 'none seen' },
      { ...over, run: run(900, { statusCounts: { '201': 9000 } }) },
      { ...over, recoverySeconds: null },
      { ...over, recoverySeconds: 25 },
    ]) {
      expect(verdictOf(ticketTargets({ ...base, overload }, pgliteRuns(), 5769), 'PostgreSQL overload')).toBe('missed');
    }
  });

  it('misses the memory target when any scenario went over 300 MB', () => {
    const base = postgresRuns();
    const rows = ticketTargets({ ...base, all: [...base.all, run(10, { maxRssMb: 301 })] }, pgliteRuns(), 5769);
    expect(verdictOf(rows, 'PostgreSQL: server RSS')).toBe('missed');
  });

  it('never calls a target met that was not measured', () => {
    const rows = ticketTargets(undefined, { submit: run(501), all: [] }, undefined);
    expect(rows.filter((r) => r.verdict === 'met').map((r) => r.target)).toEqual(['PGlite citizen submission ≥ 300/s']);
    expect(verdictOf(rows, 'PostgreSQL targets')).toBe('not run');
    expect(rows.find((r) => r.verdict === 'not run' && String(r.target).startsWith('PostgreSQL'))!.measured).toContain('BENCH_DATABASE_URL');
    expect(verdictOf(rows, 'PGlite operator creation')).toBe('not run');
    const noCeiling = ticketTargets(postgresRuns(), undefined, undefined);
    expect(verdictOf(noCeiling, 'PostgreSQL operator creation ≥ 0.5×')).toBe('not run');
  });

  it('holds searches to 100 ms below 10 M tickets and 250 ms from 10 M, every answer complete and without errors', () => {
    expect(searchVerdict(1_000_000, run(200, { p99: 81 }), true)).toBe('≤ 100 ms: met');
    expect(searchVerdict(1_000_000, run(200, { p99: 153 }), true)).toBe('≤ 100 ms: missed');
    expect(searchVerdict(10_000_000, run(50, { p99: 223 }), true)).toBe('≤ 250 ms: met');
    expect(searchVerdict(10_000_000, run(50, { p99: 262 }), true)).toBe('≤ 250 ms: missed');
    expect(searchVerdict(1_000_000, run(200, { p99: 20 }), false)).toBe('≤ 100 ms: missed');
    expect(searchVerdict(1_000_000, run(200, { p99: 20, errors: 1 }), true)).toBe('≤ 100 ms: missed');
    // Complete before and after the run, but some answers during it were cut at the budget.
    expect(searchVerdict(1_000_000, run(200, { p99: 20, mismatches: 3 }), true)).toBe('≤ 100 ms: missed');
  });
});
