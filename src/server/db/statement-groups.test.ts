import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/test-env.ts';
import { openDatabase, queryRows, type Database, type FixedStatement } from './database.ts';
import { sql } from 'drizzle-orm';

// Groups exist on PostgreSQL only (PGlite runs one statement at a time anyway).
describe.runIf(testEngines().includes('postgres'))('statement groups [postgres]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await database.db.execute(sql`CREATE TABLE group_probe (n int PRIMARY KEY)`);
    await database.db.execute(sql`CREATE TABLE group_hot (id int PRIMARY KEY, n int NOT NULL)`);
    await database.db.execute(sql`INSERT INTO group_hot SELECT i, 0 FROM generate_series(0, 8) i`);
  });
  afterAll(() => database?.destroy());

  /** Runs `count` calls at once; the first goes alone, the others wait and go as one group. */
  const runAtOnce = <T>(db: Database, statement: FixedStatement, values: (i: number) => unknown[], count: number) =>
    Promise.allSettled(Array.from({ length: count }, (_, i) => db.run<T>(statement, values(i))));

  it('sends every value as the driver would: a grouped call answers as a call alone', async () => {
    const text = `SELECT $1::text AS t, $2::text[] AS a, $3::int AS i, $4::float8 AS f, $5::boolean AS b, $6::jsonb AS j,
      $7::timestamptz AS at, $8::text AS n, txid_current()::text AS tx`;
    const tricky = [
      ["O'Brien \\ \"quoted\" '' \\' x", ['a"b', null, 'c\\d', "it's", '{x,y}', '', 'NULL'], -42, -1.5e300, true, '{"k":"v\'\\\\","n":[1,2]}', '2026-03-02T02:00:00.123Z', null],
      ['Nguyễn Văn Ánh – đường số 3 😀\n\ttab', [], 0, 0.1, false, 'null', '2025-12-31T23:59:59Z', ''],
      ["E'\\x41' ); DROP TABLE group_probe; --", ['$1', '\\\\'], 2147483647, 3, false, '[]', '1970-01-01T00:00:00Z', 'x'],
    ];
    const alone = await Promise.all(tricky.map((v) => database.run<Record<string, unknown>>({ name: 'group_literals_alone', text }, v)));
    const grouped = { name: 'group_literals', text, group: { concurrency: 1, maxGroup: 64, first: () => 'SELECT 1' } };
    const results = await runAtOnce<Record<string, unknown>>(database, grouped, (i) => tricky[i % tricky.length]!, 9);
    const rows = results.map((r) => (r.status === 'fulfilled' ? r.value[0]! : r.reason));
    rows.forEach((row, i) => {
      const { tx: _tx, ...values } = row as Record<string, unknown>;
      const { tx: _txAlone, ...expected } = alone[i % tricky.length]![0]!;
      expect(values).toEqual(expected);
    });
    // The eight that waited for the first went together, in one transaction.
    expect(new Set(rows.slice(1).map((r) => (r as { tx: string }).tx)).size).toBe(1);
    expect((rows[0] as { tx: string }).tx).not.toBe((rows[1] as { tx: string }).tx);
    const [probe] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM group_probe`);
    expect(probe!.n).toBe(0);
  });

  it('sends the next group as soon as one has committed, before its callers are answered', async () => {
    const statement = { name: 'group_pipelined', text: `SELECT $1::int AS i FROM pg_sleep(0.05)`, group: { concurrency: 1, maxGroup: 64, first: () => 'SELECT 1' } };
    // The first call goes alone; the four made meanwhile wait for it, then go as the next group.
    const first = database.run<{ i: number }>(statement, [0]);
    const waitingWhenFirstAnswered = first.then(() => database.poolStats().waiting);
    const others = Array.from({ length: 4 }, (_, i) => database.run<{ i: number }>(statement, [i + 1]));
    // (The first call may still wait for its connection, too.)
    expect(database.poolStats().waiting).toBeGreaterThanOrEqual(4);
    // By the time the first caller hears of its result, the four are on their way to the database.
    expect(await waitingWhenFirstAnswered).toBe(0);
    expect((await Promise.all(others)).map((rows) => rows[0]!.i)).toEqual([1, 2, 3, 4]);
  });

  it('fails only the call whose statement fails; the others of its group are written', async () => {
    const insert = { name: 'group_insert', text: `INSERT INTO group_probe (n) VALUES ($1::int) RETURNING n`, group: { concurrency: 1, maxGroup: 64, first: () => 'SELECT 1' } };
    // 100 and 105 twice: the second of each breaks the primary key; 'x' is not a number.
    const values = [100, 101, 102, 100, 103, 'x', 104, 105, 105];
    const results = await runAtOnce<{ n: number }>(database, insert, (i) => [values[i]], values.length);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected']);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : null)).filter(Boolean)).toEqual(['23505', '22P02', '23505']);
    const stored = await queryRows<{ n: number }>(database.db, sql`SELECT n FROM group_probe WHERE n BETWEEN 100 AND 199 ORDER BY n`);
    expect(stored.map((r) => r.n)).toEqual([100, 101, 102, 103, 104, 105]);
  });

  it('does not run a group again when its connection is lost: whether it committed is unknown', async () => {
    const slow = {
      name: 'group_slow_insert',
      text: `INSERT INTO group_probe (n) SELECT $1::int FROM pg_sleep(0.1) RETURNING n`,
      group: { concurrency: 1, maxGroup: 64, first: () => `SET LOCAL application_name = 'group-victim'` },
    };
    const runs = runAtOnce<{ n: number }>(database, slow, (i) => [200 + i], 6);
    // Wait until the group (the five that waited for the first) runs, then end its session.
    for (let i = 0; i < 200; i++) {
      const [victim] = await queryRows<{ ended: boolean }>(
        database.db,
        sql`SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = 'group-victim' AND query LIKE '%EXECUTE%EXECUTE%' AND datname = current_database()`,
      );
      if (victim?.ended) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const results = await runs;
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThanOrEqual(5);
    const stored = await queryRows<{ n: number }>(database.db, sql`SELECT n FROM group_probe WHERE n BETWEEN 200 AND 299 ORDER BY n`);
    // Only the calls that succeeded were written, each once; the terminated group wrote nothing.
    expect(stored.map((r) => r.n)).toEqual(results.flatMap((r, i) => (r.status === 'fulfilled' ? [200 + i] : [])));
  });

  it('takes the shared lock first, so that groups of two processes never deadlock', async () => {
    // As ticket creation: each call updates one of eight rows (an audit chain's head), then the
    // one row every call updates (the year's counter). A group holds the rows its first calls
    // took while its later calls run; a group of the other process holding one of those and
    // waiting for the counter would deadlock, had the counter not been taken first.
    const url = new URL(database.url!);
    url.searchParams.set('application_name', 'group-deadlock-probe');
    const processes = await Promise.all([1, 2].map(() => openDatabase({ engine: 'postgres', url: url.toString(), poolMax: 4 })));
    const statement: FixedStatement = {
      name: 'group_two_locks',
      text: `WITH head AS (UPDATE group_hot SET n = n + 1 WHERE id = $1::int RETURNING n),
        counter AS (UPDATE group_hot SET n = n + 1 WHERE id = 8 AND (SELECT count(*) FROM head) > 0 RETURNING n)
        SELECT n FROM counter`,
      group: { concurrency: 1, maxGroup: 64, first: () => 'UPDATE group_hot SET n = n WHERE id = 8' },
    };
    const rounds = await Promise.all(
      processes.flatMap((db, p) => Array.from({ length: 5 }, (_, round) => runAtOnce<{ n: number }>(db, statement, (i) => [(i * 3 + p + round) % 8], 40))),
    );
    const results = rounds.flat();
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const counts = results.map((r) => (r as PromiseFulfilledResult<Array<{ n: number }>>).value[0]!.n).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    await Promise.all(processes.map((db) => db.close()));
    // A deadlock is counted when its victim's session ends (its statistics are flushed then).
    for (let i = 0; i < 100; i++) {
      const [left] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'group-deadlock-probe'`);
      if (left!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [stats] = await queryRows<{ deadlocks: number }>(database.db, sql`SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`);
    expect(stats!.deadlocks).toBe(0);
  }, 60_000);
});
