/**
 * One database layer over two engines: PGlite (embedded, a folder under DATA_DIR) and a real
 * PostgreSQL (DATABASE_URL). Both speak the same SQL; callers see only `Database`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, parse as pgliteParse, protocol as pgliteProtocol } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { createStatementGroups, type StatementGroupOptions, type StatementGroups } from './statement-groups.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What a repository method runs on: the database, or the caller's transaction. */
export type Executor = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly engine: Engine;
  readonly db: Db;
  /** The PGlite instance, for pg-boss's adapter; undefined on PostgreSQL. */
  readonly pglite: PGlite | undefined;
  /** The connection string, for pg-boss; undefined on PGlite. */
  readonly url: string | undefined;
  /** Connections in the pool; `waiting` counts callers waiting for one or for their turn in a FixedStatement's group. */
  poolStats(): { total: number; idle: number; waiting: number };
  /**
   * Runs one statement of fixed text with positional values ($1, $2, …) outside any
   * transaction (a single statement is its own). On PostgreSQL it is a named prepared
   * statement: each connection parses and plans `text` once, then sends only the values; a
   * statement with `group` runs in a transaction with the calls that waited with it.
   */
  run<T>(statement: FixedStatement, values: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * SQL text that never changes, and the name it is prepared under on each connection. A hot
 * statement runs as one of these (Database.run) rather than as a drizzle `.prepare(name)` query,
 * which drizzle-orm/pglite sends unnamed: PGlite would parse and plan it on every call.
 */
export interface FixedStatement {
  name: string;
  text: string;
  /**
   * On PostgreSQL: at most `group.concurrency` runs at once from this process, and the calls
   * that waited meanwhile go together, up to `group.maxGroup` in one transaction and one round
   * trip, after `group.first` (statement-groups.ts). For a statement whose every run writes one
   * hot row: with many sessions waiting on that row's lock, each commit wakes them all to
   * contend again, and the database spends more on that than on the work (measured in
   * bench/profile.ts).
   */
  group?: StatementGroupOptions;
}

/** The extensions PGlite must load; migration 0000 creates them on both engines. */
export const pgliteExtensions = { unaccent, pg_trgm, pgcrypto };

// pg returns int8 and numeric as strings by default; PGlite returns numbers. Counting rows
// with count(*) is common enough that both engines should agree, and no count here exceeds
// 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type DatabaseOptions =
  | { engine: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { engine: 'postgres'; url: string; poolMax?: number };

/** Opens (and on PGlite creates, if new) the database. Does not run migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.engine === 'pglite') {
    if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: pgliteExtensions,
    });
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      engine: 'pglite',
      db,
      pglite,
      url: undefined,
      poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
      run: preparedOnPglite(pglite),
      close: () => pglite.close(),
    };
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: 'tongdai-1022',
    // No JIT compilation: this product's queries are short and mostly LIMITed, but their cost
    // estimates can be large (a search for two common words at 10 M tickets), and then
    // PostgreSQL spent 215 ms compiling a query that ran in 70-110 ms (EXPLAIN ANALYZE).
    options: '-c jit=off',
  });
  // An idle client that loses its server (PostgreSQL restarted) emits 'error'; without a
  // listener that would crash the process. The pool replaces the client on next use.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const groups = new Map<string, StatementGroups>();
  const query = async <T>(statement: FixedStatement, values: unknown[]) =>
    (await pool.query<T & pg.QueryResultRow>({ name: statement.name, text: statement.text, values })).rows;
  return {
    engine: 'postgres',
    db,
    pglite: undefined,
    url: options.url,
    poolStats: () => {
      let waiting = pool.waitingCount;
      for (const group of groups.values()) waiting += group.waiting;
      return { total: pool.totalCount, idle: pool.idleCount, waiting };
    },
    run: <T>(statement: FixedStatement, values: unknown[]) => {
      const { group: grouping } = statement;
      if (grouping) {
        let group = groups.get(statement.name);
        if (!group) groups.set(statement.name, (group = createStatementGroups(pool, { ...statement, group: grouping })));
        return group.run<T>(values);
      }
      return query<T>(statement, values);
    },
    close: () => pool.end(),
  };
}

/**
 * FixedStatement runs on PGlite as named prepared statements, as on PostgreSQL: PGlite's own
 * `query` parses and plans its text on every call, which for a large statement (ticket
 * creation) costs more than running it. Takes the same locks as `query`, so it never runs
 * inside someone else's transaction, and syncs to disk as `query` does.
 */
function preparedOnPglite(pglite: PGlite): Database['run'] {
  const { serialize } = pgliteProtocol;
  const paramTypes = new Map<string, number[]>();
  const send = (message: Uint8Array) => pglite.execProtocolStream(message, { syncToFs: false });
  const prepare = async (statement: FixedStatement): Promise<number[]> => {
    try {
      await send(serialize.parse({ name: statement.name, text: statement.text, types: [] }));
      const described = await send(serialize.describe({ type: 'S', name: statement.name }));
      await send(serialize.sync());
      const params = described.find((m): m is typeof m & { dataTypeIDs: number[] } => m.name === 'parameterDescription');
      return params?.dataTypeIDs ?? [];
    } catch (err) {
      // Back to a clean state, without a half-prepared statement of that name.
      await send(serialize.sync());
      await send(serialize.close({ type: 'S', name: statement.name }))
        .then(() => send(serialize.sync()))
        .catch(() => {});
      throw err;
    }
  };
  return <T>(statement: FixedStatement, values: unknown[]) =>
    pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(async () => {
        let types = paramTypes.get(statement.name);
        if (!types) {
          types = await prepare(statement);
          paramTypes.set(statement.name, types);
        }
        const serialized = values.map((v, i) => (v === null || v === undefined ? null : (pglite.serializers[types[i]!]?.(v) ?? String(v))));
        const messages = [];
        try {
          messages.push(...(await send(serialize.bind({ statement: statement.name, values: serialized }))));
          messages.push(...(await send(serialize.describe({ type: 'P' }))));
          messages.push(...(await send(serialize.execute({}))));
        } finally {
          messages.push(...(await send(serialize.sync())));
        }
        await pglite.syncToFs();
        return (pgliteParse.parseResults(messages, pglite.parsers)[0]?.rows ?? []) as T[];
      }),
    );
}

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export function tx<T>(database: Database, work: (t: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction(work);
}

/** Runs raw SQL and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A drizzle SQL from text with positional placeholders ($1 … $n) and their values, for a
 * statement also run as a FixedStatement (one text, two ways of running it).
 */
export function sqlFromText(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)), sql`${values[Number(m[1]) - 1] ?? null}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

/** Throws when the database does not answer. */
export async function ping(database: Database): Promise<void> {
  await database.db.execute(sql`select 1`);
}
