/**
 * Runs concurrent calls of one FixedStatement together, on PostgreSQL. At most `concurrency`
 * runs are in flight; calls made meanwhile wait, and the next run takes all that waited (up to
 * `maxGroup`). A run is one simple query: the group's `first` statement, then an `EXECUTE` of
 * the statement (prepared by SQL on that connection) per call, which PostgreSQL runs as one
 * transaction. So under load a group of calls costs one round trip, one wake-up of a database
 * session and one commit (one WAL flush), and a statement that updates one row every call (the
 * year's ticket counter) takes that row's lock once per group.
 *
 * Locks: a group holds the row locks its first calls took while its later calls run, so two
 * groups (of this process or another) could each wait for a row the other holds. `first` takes
 * the lock every run needs (the counter) before anything else, so that runs queue for it holding
 * nothing; a call is never run outside a group, for the same reason.
 *
 * All or nothing: when a group fails with an error of its own statements (bad data, a refusal,
 * a unique key taken), PostgreSQL has rolled the whole group back, and each call is run again
 * alone, one after another, so that one bad call fails only itself. Any other error (a lost
 * connection, the server shutting down) fails every call of the group, as it would fail a
 * call alone: whether the commit happened is then unknown, and running the calls again could
 * write them twice (a retry with the same idempotency key is the caller's to make).
 */
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import type { FixedStatement } from './database.ts';
import { sqlStateOf } from './sql-state.ts';

export interface StatementGroups {
  run<T>(values: unknown[]): Promise<T[]>;
  /** Calls waiting for a place in a run. */
  readonly waiting: number;
}

export interface StatementGroupOptions {
  concurrency: number;
  maxGroup: number;
  /** The group's first statement, from its calls' values: takes the lock every call needs. */
  first(values: unknown[][]): string;
}

interface Call {
  values: unknown[];
  resolve(rows: unknown[]): void;
  reject(err: unknown): void;
}

/** Errors raised by running the group's statements, after which PostgreSQL has rolled the group back. */
const STATEMENT_ERROR = /^(22|23|40|42|P0)[0-9A-Z]{3}$/;

export function createStatementGroups(pool: pg.Pool, statement: FixedStatement & { group: StatementGroupOptions }): StatementGroups {
  const { concurrency, maxGroup, first } = statement.group;
  const groupName = `${statement.name}_group`;
  // The connections on which the group's statement has been prepared (by SQL, under its own
  // name: the driver keeps its own record of the statements it prepared by protocol).
  const prepared = new WeakSet<pg.PoolClient>();
  const queue: Call[] = [];
  let inFlight = 0;

  const sendGroup = async (calls: Call[]): Promise<unknown[][]> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      if (!prepared.has(client)) {
        await client.query(`PREPARE ${groupName} AS ${statement.text}`);
        prepared.add(client);
      }
      const executes = calls.map((c) => `EXECUTE ${groupName}(${c.values.map(literal).join(', ')})`);
      const results = (await client.query([first(calls.map((c) => c.values)), ...executes].join(';\n'))) as unknown as pg.QueryResult[];
      return results.slice(-calls.length).map((r) => r.rows);
    } catch (err) {
      if (!STATEMENT_ERROR.test(sqlStateOf(err) ?? '')) broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      client.release(broken);
    }
  };

  const runGroup = async (calls: Call[]) => {
    let results: unknown[][];
    try {
      results = await sendGroup(calls);
    } catch (err) {
      if (calls.length === 1 || !STATEMENT_ERROR.test(sqlStateOf(err) ?? '')) return calls.forEach((c) => c.reject(err));
      for (const call of calls) await runGroup([call]);
      return;
    }
    calls.forEach((c, i) => c.resolve(results[i]!));
  };

  const pump = () => {
    while (inFlight < concurrency && queue.length > 0) {
      const calls = queue.splice(0, maxGroup);
      inFlight++;
      void runGroup(calls).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return {
    get waiting() {
      return queue.length;
    },
    run: <T>(values: unknown[]) =>
      new Promise<T[]>((resolve, reject) => {
        // Text with NUL cannot be written as a literal (a C string ends there); nor could it be stored.
        if (!literalsCanSay(values)) throw new RangeError('a value that cannot be sent as an SQL literal');
        queue.push({ values, resolve: resolve as (rows: unknown[]) => void, reject });
        pump();
      }),
  };
}

/**
 * Whether every value can be sent as an SQL literal meaning exactly what the driver would send
 * as a parameter: text without NUL, numbers, booleans, dates, arrays of those.
 */
function literalsCanSay(values: unknown[]): boolean {
  const ok = (v: unknown): boolean => {
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return true;
    if (typeof v === 'string') return !v.includes('\0');
    if (Array.isArray(v)) return v.every(ok);
    return false;
  };
  return values.every(ok);
}

/** The value as the driver would send it as text, quoted as a literal (or NULL). */
function literal(value: unknown): string {
  const text = pgUtils.prepareValue(value);
  return text === null ? 'NULL' : pg.escapeLiteral(String(text));
}
