import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { signIn, signInWithMfa, type SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine, testLogger } from '../../../test/harness.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';
import { createUser } from '../users/users.service.ts';
import { createLiveHub, type LiveEvent, type LiveHub } from '../live/live.service.ts';
import type { Actor } from '../auth/actor.ts';
import { runDeadlineAlerts } from './deadline-alerts.ts';

const local = (isoLocal: string) => new Date(`${isoLocal}+07:00`);

interface Page {
  items: Array<{ id: number; kind: string; title: string; body: string; ticketCode: string | null; createdAt: string; readAt: string | null }>;
  unreadCount: number;
  nextBefore: number | null;
}

describeEachEngine(
  'notifications and the outbox over HTTP',
  (ctx) => {
    let cast: Cast;
    let admin: SignedIn;
    let supervisor: SignedIn;
    let codes: string[];
    let hub: LiveHub | undefined;
    const api = ticketApi(ctx, () => cast.operator);
    const get = async <T>(as: SignedIn, url: string) => {
      const res = await ctx.app.inject({ method: 'GET', url, headers: as.headers });
      return { status: res.statusCode, body: res.json() as T };
    };
    const post = async <T>(as: SignedIn, url: string) => {
      const res = await ctx.app.inject({ method: 'POST', url, headers: { ...as.headers, 'content-type': 'application/json' }, payload: '{}' });
      return { status: res.statusCode, body: res.json() as T };
    };

    afterEach(async () => {
      await hub?.close();
      hub = undefined;
    });

    beforeAll(async () => {
      ctx.clock.set(local('2026-03-02T09:00:00'));
      cast = await castOf(ctx);
      const mfa = new Map<string, string>();
      await createUser(ctx.database, { username: 'sup.outbox', displayName: 'Trưởng ca', roles: ['supervisor'], password: PASSWORD });
      await createUser(ctx.database, { username: 'adm.outbox', displayName: 'Quản trị', roles: ['admin'], password: PASSWORD });
      supervisor = await signInWithMfa(ctx.app, 'sup.outbox', PASSWORD, mfa);
      admin = await signInWithMfa(ctx.app, 'adm.outbox', PASSWORD, mfa);
      await ctx.database.db.execute(sql`UPDATE org_units SET head_email = 'giamdoc.syt@dongthap.gov.vn' WHERE code = 'so-y-te'`);
      // Two-factor sign-ins move the clock on: start the tickets at a known moment.
      ctx.clock.set(local('2026-03-02T09:00:00'));
      codes = [];
      for (let i = 0; i < 3; i++) {
        const { code } = await api.create(cast.operator);
        await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
        codes.push(code);
      }
      // Monday 17:00: the reminders; Tuesday 09:00: the deadlines (to the focal point and the head's address).
      ctx.clock.set(local('2026-03-02T17:00:00'));
      await runDeadlineAlerts({ database: ctx.database, clock: ctx.clock });
      ctx.clock.set(local('2026-03-03T09:00:00'));
      await runDeadlineAlerts({ database: ctx.database, clock: ctx.clock });
      // A day went by: everyone signs in again.
      supervisor = await signInWithMfa(ctx.app, 'sup.outbox', PASSWORD, mfa);
      admin = await signInWithMfa(ctx.app, 'adm.outbox', PASSWORD, mfa);
      cast = { ...cast, operator: await signIn(ctx.app, 'op1', PASSWORD), xdFocal: await signIn(ctx.app, 'xd.focal', PASSWORD), ytFocal: await signIn(ctx.app, 'yt.focal', PASSWORD) };
    });

    it('lists only the caller’s own notifications, newest first, with the unread count and keyset pages', async () => {
      const all = await get<Page>(cast.ytFocal, '/api/v1/notifications');
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(6);
      expect(all.body.unreadCount).toBe(6);
      expect(all.body.nextBefore).toBeNull();
      expect(all.body.items.map((n) => n.kind)).toEqual(['deadline.due', 'deadline.due', 'deadline.due', 'deadline.reminder', 'deadline.reminder', 'deadline.reminder']);
      expect(new Set(all.body.items.map((n) => n.ticketCode))).toEqual(new Set(codes));
      const ids = all.body.items.map((n) => n.id);
      expect([...ids].sort((a, b) => b - a)).toEqual(ids);
      expect(all.body.items[0]!.title).toMatch(/^Đến hạn: phiếu 1022-2026-\d{6}$/);
      expect(all.body.items[0]!.readAt).toBeNull();

      const first = await get<Page>(cast.ytFocal, '/api/v1/notifications?limit=4');
      expect(first.body.items.map((n) => n.id)).toEqual(ids.slice(0, 4));
      const second = await get<Page>(cast.ytFocal, `/api/v1/notifications?limit=4&before=${first.body.nextBefore}`);
      expect(second.body.items.map((n) => n.id)).toEqual(ids.slice(4));
      expect(second.body.nextBefore).toBeNull();

      // Another agency's focal point and the operator have none of them.
      expect((await get<Page>(cast.xdFocal, '/api/v1/notifications')).body).toEqual({ items: [], unreadCount: 0, nextBefore: null });
      expect((await get<{ unreadCount: number }>(cast.operator, '/api/v1/notifications/unread-count')).body).toEqual({ unreadCount: 0 });
    });

    it('marks one read, refuses someone else’s, and marks all read', async () => {
      const { body } = await get<Page>(cast.ytFocal, '/api/v1/notifications');
      const target = body.items[2]!;
      expect(await post(cast.ytFocal, `/api/v1/notifications/${target.id}/read`)).toEqual({ status: 200, body: { unreadCount: 5 } });
      // Twice is harmless; the first reading time stays.
      const readAt = (await get<Page>(cast.ytFocal, '/api/v1/notifications')).body.items[2]!.readAt;
      expect(readAt).not.toBeNull();
      ctx.clock.advance(60_000);
      expect((await post(cast.ytFocal, `/api/v1/notifications/${target.id}/read`)).body).toEqual({ unreadCount: 5 });
      expect((await get<Page>(cast.ytFocal, '/api/v1/notifications')).body.items[2]!.readAt).toBe(readAt);

      const unread = await get<Page>(cast.ytFocal, '/api/v1/notifications?unreadOnly=true');
      expect(unread.body.items.map((n) => n.id)).not.toContain(target.id);
      expect(unread.body.items).toHaveLength(5);

      const stranger = await post<{ code: string }>(cast.xdFocal, `/api/v1/notifications/${body.items[0]!.id}/read`);
      expect(stranger).toMatchObject({ status: 404, body: { code: 'notification.not_found' } });
      expect((await post<{ code: string }>(cast.ytFocal, '/api/v1/notifications/abc/read')).status).toBe(400);
      expect((await post<{ code: string }>(cast.ytFocal, '/api/v1/notifications/100000000000000000000/read')).status).toBe(400);
      expect((await get<{ code: string }>(cast.ytFocal, '/api/v1/notifications?before=1e21')).status).toBe(400);
      expect((await get<{ unreadCount: number }>(cast.ytFocal, '/api/v1/notifications/unread-count')).body.unreadCount).toBe(5);

      expect(await post(cast.ytFocal, '/api/v1/notifications/read-all')).toEqual({ status: 200, body: { marked: 5, unreadCount: 0 } });
      expect((await get<Page>(cast.ytFocal, '/api/v1/notifications?unreadOnly=true')).body).toEqual({ items: [], unreadCount: 0, nextBefore: null });
    });

    it('queues the emails in the outbox, pending; supervisors see recipients masked, administrators in full', async () => {
      type Outbox = { items: Array<{ recipient: string; kind: string; status: string; ticketCode: string; subject: string; body: string }>; nextCursor: string | null };
      const asAdmin = await get<Outbox>(admin, `/api/v1/outbox?ticketCode=${codes[0]}`);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.items.map((m) => [m.recipient, m.kind, m.status, m.ticketCode])).toEqual([['giamdoc.syt@dongthap.gov.vn', 'deadline.due', 'pending', codes[0]]]);
      expect(asAdmin.body.items[0]!.subject).toBe(`Đến hạn: phiếu ${codes[0]}`);
      const asSupervisor = await get<Outbox>(supervisor, '/api/v1/outbox?status=pending&limit=2');
      expect(asSupervisor.body.items).toHaveLength(2);
      for (const m of asSupervisor.body.items) expect(m.recipient).toBe('g**********@dongthap.gov.vn');
      const next = await get<Outbox>(supervisor, `/api/v1/outbox?status=pending&limit=2&cursor=${asSupervisor.body.nextCursor}`);
      expect(next.body.items).toHaveLength(1);
      expect(next.body.nextCursor).toBeNull();
      expect((await get<Outbox>(supervisor, '/api/v1/outbox?status=sent')).body.items).toEqual([]);
      expect((await get<{ code: string }>(supervisor, '/api/v1/outbox?cursor=rubbish')).status).toBe(400);
      const forged = Buffer.from(`2026-03-02T00:00:00.000Z|${'-'.repeat(36)}`).toString('base64url');
      expect((await get<{ code: string }>(supervisor, `/api/v1/outbox?cursor=${forged}`)).status).toBe(400);
      expect((await get<{ code: string }>(cast.operator, '/api/v1/outbox')).status).toBe(403);
    });

    it('pushes a `notification` event on the user’s own live stream', async () => {
      hub = createLiveHub({ database: ctx.database, log: testLogger });
      await hub.ready();
      const [focal] = await queryRows<{ id: string; org_unit_id: string }>(ctx.database.db, sql`SELECT id, org_unit_id FROM users WHERE username = 'yt.focal'`);
      const [other] = await queryRows<{ id: string; org_unit_id: string }>(ctx.database.db, sql`SELECT id, org_unit_id FROM users WHERE username = 'yt.staff'`);
      const actorOf = (u: { id: string; org_unit_id: string }, role: 'agency_focal' | 'agency_staff'): Actor => ({
        kind: 'user', userId: u.id, username: role, roles: [role], orgUnitId: u.org_unit_id, sessionId: null, tokenId: null, scopes: [], pending: null, requestId: 't', ip: '127.0.0.1', userAgent: null,
      });
      const mine: LiveEvent[] = [];
      const theirs: LiveEvent[] = [];
      hub.watch(actorOf(focal!, 'agency_focal'), { deliver: (e) => mine.push(e), end: () => {} });
      hub.watch(actorOf(other!, 'agency_staff'), { deliver: (e) => theirs.push(e), end: () => {} });

      ctx.clock.set(local('2026-03-03T09:00:00'));
      const { code } = await api.create(cast.operator);
      await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
      ctx.clock.set(local('2026-03-03T17:00:00'));
      await runDeadlineAlerts({ database: ctx.database, clock: ctx.clock });
      const until = Date.now() + 5000;
      while (!mine.some((e) => e.kind === 'notification') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const pushed = mine.filter((e) => e.kind === 'notification');
      expect(pushed).toEqual([{ kind: 'notification', id: expect.any(Number) as number, notificationKind: 'deadline.reminder', title: `Sắp đến hạn: phiếu ${code}` }]);
      expect(theirs.filter((e) => e.kind === 'notification')).toEqual([]);
    });
  },
  { env: { SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720' } },
);
