import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { queryRows, tx } from '../../db/database.ts';
import { describeEachEngine, testLogger } from '../../../test/harness.ts';
import { createChangeFeed, parseChange, type ChangeFeed, type FeedSignal } from './change-feed.ts';

/** Collects a feed's signals and waits for one that matches. */
function collect(feed: ChangeFeed) {
  const seen: FeedSignal[] = [];
  feed.subscribe((s) => seen.push(s));
  const waitFor = async (match: (s: FeedSignal) => boolean, timeoutMs = 5000) => {
    const until = Date.now() + timeoutMs;
    while (!seen.some(match)) {
      if (Date.now() > until) throw new Error(`no matching signal; seen ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { seen, waitFor };
}

const changeOf = (code: string) => (s: FeedSignal) => s.kind === 'change' && s.change.code === code;

it('reads only well-formed change notifications', () => {
  expect(parseChange('{"code":"1022-2026-000001","status":"new","agencyId":null}')).toEqual({ code: '1022-2026-000001', status: 'new', agencyId: null });
  expect(parseChange('{"code":1}')).toBeUndefined();
  expect(parseChange('not json')).toBeUndefined();
  expect(parseChange(undefined)).toBeUndefined();
});

describeEachEngine('ticket change feed', (ctx) => {
  let feed: ChangeFeed | undefined;
  afterEach(async () => {
    await feed?.stop();
    feed = undefined;
  });
  const notify = (db: Parameters<typeof queryRows>[0], code: string) =>
    queryRows(db, sql`SELECT pg_notify('ticket_changes', ${JSON.stringify({ code, status: 'new', agencyId: null })})`);

  it('hears a change when its transaction commits, and not one that rolled back', async () => {
    feed = createChangeFeed(ctx.database, testLogger);
    const { seen, waitFor } = collect(feed);
    await feed.start();
    await tx(ctx.database, async (t) => {
      await notify(t, 'ROLLED-BACK');
      t.rollback();
    }).catch(() => {});
    await tx(ctx.database, (t) => notify(t, 'COMMITTED'));
    await waitFor(changeOf('COMMITTED'));
    expect(seen.some(changeOf('ROLLED-BACK'))).toBe(false);
  });

  it.skipIf(ctx.engine !== 'postgres')('listens again after its PostgreSQL connection drops, and says changes may have been missed', async () => {
    feed = createChangeFeed(ctx.database, testLogger, { backoff: { baseMs: 20, maxMs: 200 } });
    const { waitFor } = collect(feed);
    await feed.start();
    const [killed] = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'tongdai-1022-live' AND datname = current_database()`,
    );
    expect(killed!.n).toBe(1);
    await waitFor((s) => s.kind === 'resync');
    await notify(ctx.database.db, 'AFTER-RECONNECT');
    await waitFor(changeOf('AFTER-RECONNECT'));
  });
});
