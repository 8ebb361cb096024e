/**
 * Runs concurrent calls of one FixedStatement together, on PostgreSQL. At most `concurrency`
 * runs are in flight; calls made meanwhile wait, and the next run takes all that waited (up to
 * `maxGroup`). A run is one simple query: the group's `first` statement, then an `EXECUTE` of
 * the statement (prepared by SQL on that connection) per call, which PostgreSQL runs as one
 * transaction. So under load a group of calls costs one round trip, one wake-up of a database
 * session and one commit (one WAL flush), and a statement that updates one row every call (the
 * year's ticket counter) takes that row's lock once per group. A run keeps its connection while
 * calls wait, and sends the next group as soon as the previous one has committed, before that
 * group's callers are answered, so that the database works while this process answers them.
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

/**
 * Whether an error was raised by running the group's statements, after which PostgreSQL has
 * rolled the group back and the connection is still good: any error PostgreSQL reported with a
 * SQLSTATE (bad data, a refusal raised by the statement itself, a unique key taken, a
 * serialisation failure…) but those of a connection, of resources, of an operator's or the
 * system's intervention (classes 08, 53, 57, 58, XX). An error of the socket is none of these.
 */
const isStatementError = (err: unknown) => err instanceof pg.DatabaseError && !/^(08|53|57|58|XX)/.test(err.code ?? 'XX');

export function createStatementGroups(pool: pg.Pool, statement: FixedStatement & { group: StatementGroupOptions }): StatementGroups {
  const { concurrency, maxGroup, first } = statement.group;
  const groupName = `${statement.name}_group`;
  // The connections on which the group's statement has been prepared (by SQL, under its own
  // name: the driver keeps its own record of the statements it prepared by protocol).
  const prepared = new WeakSet<pg.PoolClient>();
  const queue: Call[] = [];
  let inFlight = 0;

  const send = (client: pg.PoolClient, calls: Call[]): Promise<unknown[][]> => {
    const executes = calls.map((c) => `EXECUTE ${groupName}(${c.values.map(literal).join(', ')})`);
    return (client.query([first(calls.map((c) => c.values)), ...executes].join(';\n')) as unknown as Promise<pg.QueryResult[]>).then((results) =>
      results.slice(-calls.length).map((r) => r.rows),
    );
  };

  /**
   * One place for runs: a connection that sends groups one after another while calls wait. The
   * next group is written to the connection as soon as the previous one has committed, before its
   * callers hear of their results, so that the database works on it while this process answers them.
   */
  const worker = async () => {
    let calls = queue.splice(0, maxGroup);
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await pool.connect();
      if (!prepared.has(client)) {
        await client.query(`PREPARE ${groupName} AS ${statement.text}`);
        prepared.add(client);
      }
      let running = send(client, calls);
      for (;;) {
        let results: unknown[][] | undefined;
        try {
          results = await running;
        } catch (err) {
          if (!isStatementError(err)) throw err;
          // PostgreSQL has rolled the group back: each call alone, so that a bad one fails only itself.
          if (calls.length === 1) calls[0]!.reject(err);
          else await runAlone(client, calls);
        }
        const done = calls;
        calls = queue.splice(0, maxGroup);
        if (calls.length > 0) running = send(client, calls);
        if (results) done.forEach((c, i) => c.resolve(results[i]!));
        if (calls.length === 0) break;
      }
    } catch (err) {
      // A lost connection, the server shutting down: whether the calls in flight committed is
      // unknown, so they fail (as a call alone would) and are not run again. Calls of theirs
      // already answered are not changed by this.
      broken = err instanceof Error ? err : new Error(String(err));
      calls.forEach((c) => c.reject(err));
    } finally {
      client?.release(broken);
    }
  };

  /** Runs the calls of a group that failed one by one, each as a group of its own. */
  const runAlone = async (client: pg.PoolClient, calls: Call[]) => {
    for (const call of calls) {
      try {
        call.resolve((await send(client, [call]))[0]!);
      } catch (err) {
        call.reject(err);
        if (!isStatementError(err)) throw err;
      }
    }
  };

  const pump = () => {
    while (inFlight < concurrency && queue.length > 0) {
      inFlight++;
      void worker().finally(() => {
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
