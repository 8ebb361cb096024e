import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { castOf, PASSWORD, type Cast } from '../../../test/ticket-fixtures.ts';
import { createUser } from '../users/users.service.ts';
import { FINISHED_COUNTS_FOR_MS, listTickets, type TicketFilter } from './ticket-list.repository.ts';
import { SUBTREE_CACHE_MS } from './subtree-cache.ts';

/**
 * An agency's list is read one of three ways (listTickets): the newest tickets until a page of the
 * agency's is found; for a list of queues only, each queue's newest tickets, merged; or, for an
 * agency with few tickets, its tickets first and then sorted. All must give the same pages, and an
 * agency without tickets an empty list. The queue counters
 * count the unfinished states at every call and the finished ones at most once a minute.
 */
describeEachEngine('agency lists and queue counters', (ctx) => {
  let cast: Cast;
  const base = Date.parse('2026-02-02T01:00:00Z');
  let unitIds: Record<string, string>;
  /** Codes the construction department handles or handled, newest first (created_at desc, id desc). */
  let expectedXd: string[];
  let expectedXdOpen: string[];
  /** The same, in the queues forwarded, in progress and waiting for the citizen. */
  let expectedXdQueues: string[];

  beforeAll(async () => {
    cast = await castOf(ctx);
    const units = await queryRows<{ id: string; code: string }>(ctx.database.db, sql`SELECT id, code FROM org_units WHERE code IN ('so-xay-dung', 'so-y-te')`);
    unitIds = Object.fromEntries(units.map((u) => [u.code, u.id]));
    // 36 tickets a minute apart, every fourth sharing its time with the one before (the id breaks the tie).
    const rows = Array.from({ length: 36 }, (_, i) => ({
      code: `1022-2026-7${String(i).padStart(5, '0')}`,
      at: new Date(base + (i - (i % 4 === 3 ? 1 : 0)) * 60_000).toISOString(),
      status: i % 3 === 0 ? (i % 2 === 0 ? 'in_progress' : 'forwarded') : i % 7 === 1 ? 'waiting_citizen' : 'closed',
    }));
    await ctx.database.db.execute(sql`
      INSERT INTO tickets (code, type, title, content, origin_channel, status, created_at, updated_at)
      SELECT r->>'code', 'feedback', 'Phản ánh', 'Phản ánh', 'phone_in', r->>'status', (r->>'at')::timestamptz, (r->>'at')::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`);
    // Construction leads two tickets in three, health the others; construction also cooperates on
    // some of health's (three of them only in the past) and has two rows for a few of its own
    // (each ticket is listed once).
    await ctx.database.db.execute(sql`
      INSERT INTO ticket_agencies (ticket_id, org_unit_id, role, since, until)
      SELECT t.id, CASE WHEN n % 3 = 2 THEN ${unitIds['so-y-te']}::uuid ELSE ${unitIds['so-xay-dung']}::uuid END, 'lead', t.created_at, NULL::timestamptz
      FROM (SELECT id, created_at, substr(code, 11)::int - 700000 AS n FROM tickets WHERE code LIKE '1022-2026-7%') t
      UNION ALL
      SELECT t.id, ${unitIds['so-xay-dung']}::uuid, 'cooperating', t.created_at, NULL::timestamptz
      FROM (SELECT id, created_at, substr(code, 11)::int - 700000 AS n FROM tickets WHERE code LIKE '1022-2026-7%') t
      WHERE (n % 3 = 2 AND n % 2 = 0) OR (n % 3 <> 2 AND n % 5 = 0)`);
    await ctx.database.db.execute(sql`
      UPDATE ticket_agencies SET until = since + interval '1 day'
      WHERE org_unit_id = ${unitIds['so-xay-dung']}::uuid AND role = 'cooperating'
        AND ticket_id IN (SELECT id FROM tickets WHERE substr(code, 11)::int - 700000 IN (2, 14, 26))`);
    const handled = await queryRows<{ code: string; status: string }>(
      ctx.database.db,
      sql`SELECT code, status FROM tickets t WHERE EXISTS (SELECT 1 FROM ticket_agencies ta WHERE ta.ticket_id = t.id AND ta.org_unit_id = ${unitIds['so-xay-dung']}::uuid)
          ORDER BY created_at DESC, id DESC`,
    );
    expectedXd = handled.map((t) => t.code);
    expectedXdOpen = handled.filter((t) => t.status === 'in_progress').map((t) => t.code);
    expectedXdQueues = handled.filter((t) => ['forwarded', 'in_progress', 'waiting_citizen'].includes(t.status)).map((t) => t.code);
    expect(expectedXdQueues.length).toBeGreaterThan(expectedXdOpen.length + 5);
    expect(expectedXd.length).toBeGreaterThan(24);
  });

  /** Every page of the list, through the repository, with `fewTickets` deciding how it is read. */
  const pages = async (filter: Partial<TicketFilter>, scope: Parameters<typeof listTickets>[2], fewTickets: number) => {
    const codes: string[] = [];
    let after: TicketFilter['after'];
    for (let page = 0; page < 20; page++) {
      const { rows } = await listTickets(ctx.database.db, { now: new Date(base + 86_400_000), limit: 5, ...filter, ...(after ? { after } : {}) }, scope, { fewTickets });
      codes.push(...rows.map((r) => r.code));
      if (rows.length < 5) return codes;
      after = { createdAt: rows.at(-1)!.createdAt, id: rows.at(-1)!.id };
    }
    throw new Error('more pages than tickets');
  };

  it('gives an agency the same pages whether its tickets are found first or the newest tickets are read', async () => {
    const scope = { kind: 'units' as const, unitId: unitIds['so-xay-dung']! };
    // fewTickets 0: never "few", the newest tickets are read; 10,000: always, its tickets first.
    expect(await pages({}, scope, 0)).toEqual(expectedXd);
    expect(await pages({}, scope, 10_000)).toEqual(expectedXd);
    expect(await pages({ statuses: ['in_progress'] }, scope, 0)).toEqual(expectedXdOpen);
    expect(await pages({ statuses: ['in_progress'] }, scope, 10_000)).toEqual(expectedXdOpen);
    // Several queues: each is read newest first on its own, then merged (newestPerStatus).
    const queues = ['waiting_citizen', 'forwarded', 'in_progress'];
    expect(await pages({ statuses: queues }, scope, 0)).toEqual(expectedXdQueues);
    expect(await pages({ statuses: queues }, scope, 10_000)).toEqual(expectedXdQueues);
    // A finished state among them: the newest tickets of every state are read.
    expect(await pages({ statuses: [...queues, 'closed'] }, scope, 0)).toEqual(expectedXd);
  });

  it('gives the hotline the same pages when it filters by agency, either way', async () => {
    expect(await pages({ agencyId: unitIds['so-xay-dung']! }, { kind: 'all' }, 0)).toEqual(expectedXd);
    expect(await pages({ agencyId: unitIds['so-xay-dung']! }, { kind: 'all' }, 10_000)).toEqual(expectedXd);
    const queues = { agencyId: unitIds['so-xay-dung']!, statuses: ['in_progress', 'forwarded', 'waiting_citizen'] };
    expect(await pages(queues, { kind: 'all' }, 0)).toEqual(expectedXdQueues);
    expect(await pages(queues, { kind: 'all' }, 10_000)).toEqual(expectedXdQueues);
  });

  it('lists over HTTP what the agency handles or handled, newest first, and nothing to an agency without tickets', async () => {
    const list = async (headers: Record<string, string>, query = '') => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?limit=100${query}`, headers });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: Array<{ code: string }> }).items.map((t) => t.code);
    };
    expect((await list(cast.xdFocal.headers)).filter((c) => c.startsWith('1022-2026-7'))).toEqual(expectedXd);
    expect((await list(cast.operator.headers, '&agency=so-xay-dung')).filter((c) => c.startsWith('1022-2026-7'))).toEqual(expectedXd);
    await createUser(ctx.database, { username: 'gd.focal', displayName: 'gd.focal', roles: ['agency_focal'], password: PASSWORD, orgUnitCode: 'so-giao-duc-dao-tao' });
    const education = await signIn(ctx.app, 'gd.focal', PASSWORD);
    expect(await list(education.headers)).toEqual([]);
    expect(await list(education.headers, '&status=in_progress')).toEqual([]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an agency the tickets of a unit below it, and stops within seconds once another copy moves the unit elsewhere', async () => {
    const [unit] = await queryRows<{ id: string }>(
      ctx.database.db,
      sql`INSERT INTO org_units (code, name, kind, parent_id) VALUES ('phong-thu-nghiem', 'Phòng thử nghiệm', 'department', ${unitIds['so-xay-dung']}::uuid) RETURNING id`,
    );
    await ctx.database.db.execute(sql`
      INSERT INTO tickets (code, type, title, content, origin_channel, status, created_at, updated_at)
      VALUES ('1022-2026-799999', 'feedback', 'Phản ánh', 'Phản ánh', 'phone_in', 'in_progress', now(), now())`);
    await ctx.database.db.execute(sql`
      INSERT INTO ticket_agencies (ticket_id, org_unit_id, role, since)
      SELECT id, ${unit!.id}::uuid, 'lead', now() FROM tickets WHERE code = '1022-2026-799999'`);
    const codes = async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?limit=100', headers: cast.xdFocal.headers });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: Array<{ code: string }> }).items.map((t) => t.code);
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + SUBTREE_CACHE_MS + 1);
    expect(await codes()).toContain('1022-2026-799999');
    await ctx.database.db.execute(sql`UPDATE org_units SET parent_id = ${unitIds['so-y-te']}::uuid WHERE id = ${unit!.id}::uuid`);
    vi.setSystemTime(Date.now() + SUBTREE_CACHE_MS + 1);
    expect(await codes()).not.toContain('1022-2026-799999');
    // The unit and its ticket leave the counts of the test that follows alone.
    await ctx.database.db.execute(sql`DELETE FROM ticket_agencies WHERE org_unit_id = ${unit!.id}::uuid`);
  });

  it('follows a unit added below an agency and moved away through the API at once, on the copy that changed it', async () => {
    const call = (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) =>
      ctx.app.inject({ method, url: `/api/v1${url}`, headers: cast.admin.headers, payload });
    const codes = async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?limit=100', headers: cast.xdFocal.headers });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: Array<{ code: string }> }).items.map((t) => t.code);
    };
    await codes(); // construction's subtree is now kept
    const created = await call('POST', '/org-units', { code: 'phong-quy-hoach', name: 'Phòng Quy hoạch', kind: 'department', parentCode: 'so-xay-dung' });
    expect(created.statusCode).toBe(201);
    await ctx.database.db.execute(sql`
      INSERT INTO tickets (code, type, title, content, origin_channel, status, created_at, updated_at)
      VALUES ('1022-2026-799998', 'feedback', 'Phản ánh', 'Phản ánh', 'phone_in', 'in_progress', now(), now())`);
    await ctx.database.db.execute(sql`
      INSERT INTO ticket_agencies (ticket_id, org_unit_id, role, since)
      SELECT t.id, o.id, 'lead', now() FROM tickets t, org_units o WHERE t.code = '1022-2026-799998' AND o.code = 'phong-quy-hoach'`);
    expect(await codes()).toContain('1022-2026-799998');
    const moved = await call('PATCH', '/org-units/phong-quy-hoach', { version: (created.json() as { version: number }).version, parentCode: 'so-y-te' });
    expect(moved.statusCode).toBe(200);
    expect(await codes()).not.toContain('1022-2026-799998');
    await ctx.database.db.execute(sql`DELETE FROM ticket_agencies WHERE org_unit_id = (SELECT id FROM org_units WHERE code = 'phong-quy-hoach')`);
  });

  it('counts the queues at every call and the finished states again after a minute', async () => {
    const counts = async (headers: Record<string, string>) => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets/counts', headers });
      expect(res.statusCode).toBe(200);
      return (res.json() as { counts: Record<string, number> }).counts;
    };
    const inDatabase = async (unit: string | null) =>
      Object.fromEntries(
        (
          await queryRows<{ status: string; n: number }>(
            ctx.database.db,
            sql`SELECT status, count(*)::int AS n FROM tickets t
                WHERE ${unit === null ? sql`true` : sql`EXISTS (SELECT 1 FROM ticket_agencies ta WHERE ta.ticket_id = t.id AND ta.org_unit_id = ${unit}::uuid)`}
                GROUP BY status`,
          )
        ).map((r) => [r.status, r.n]),
      );
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await counts(cast.xdFocal.headers)).toEqual(await inDatabase(unitIds['so-xay-dung']!));
    expect(await counts(cast.operator.headers)).toEqual(await inDatabase(null));
    const before = await counts(cast.xdFocal.headers);

    // One of construction's tickets in progress is closed (as the citizen's rating would).
    await ctx.database.db.execute(sql`UPDATE tickets SET status = 'closed' WHERE code = ${expectedXdOpen[0]!}`);
    const now = await counts(cast.xdFocal.headers);
    expect(now.in_progress).toBe(before.in_progress! - 1);
    // The finished states are not counted again yet: reading every closed ticket at each call is what this spares.
    expect(now.closed).toBe(before.closed);
    vi.setSystemTime(Date.now() + FINISHED_COUNTS_FOR_MS + 1);
    const later = await counts(cast.xdFocal.headers);
    expect(later).toEqual(await inDatabase(unitIds['so-xay-dung']!));
    expect(later.closed).toBe(before.closed! + 1);
  });
});
