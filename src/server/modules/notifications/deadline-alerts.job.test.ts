import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../db/database.ts';
import { jobDefinitions } from '../../jobs/registry.ts';
import { describeEachEngine, testLogger } from '../../../test/harness.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';
import { createUser } from '../users/users.service.ts';
import { DEADLINE_ALERTS_JOB, deadlineAlertsJob } from './deadline-alerts.job.ts';
import { runDeadlineAlerts, vnDateTime } from './deadline-alerts.ts';

/** Local time (UTC+7) as an instant. */
const local = (isoLocal: string) => new Date(`${isoLocal}+07:00`);

describeEachEngine(
  'deadline reminders and escalation',
  (ctx) => {
    let cast: Cast;
    let headId: string;
    let supervisorId: string;
    let xdFocalId: string;
    const api = ticketApi(ctx, () => cast.operator);
    /** Sessions end when the clock jumps days ahead: sign the hotline and the agency in again. */
    const signInAgain = async () => {
      cast = { ...cast, operator: await signIn(ctx.app, 'op1', PASSWORD), xdFocal: await signIn(ctx.app, 'xd.focal', PASSWORD) };
    };
    const run = (database: Database = ctx.database) => runDeadlineAlerts({ database, clock: ctx.clock });

    const idOf = async (code: string) => (await queryRows<{ id: string }>(ctx.database.db, sql`SELECT id FROM tickets WHERE code = ${code}`))[0]!.id;
    const alertsOf = async (code: string) =>
      queryRows<{ stage: string; kind: string; day: string }>(
        ctx.database.db,
        sql`SELECT a.stage, a.kind, a.day FROM deadline_alerts a JOIN tickets t ON t.id = a.ticket_id WHERE t.code = ${code} ORDER BY a.id`,
      );
    /** Who was notified of what about a ticket, as "username kind". */
    const notified = async (code: string) =>
      (
        await queryRows<{ who: string }>(
          ctx.database.db,
          sql`SELECT u.username || ' ' || n.kind AS who FROM notifications n JOIN users u ON u.id = n.user_id JOIN tickets t ON t.id = n.ticket_id WHERE t.code = ${code} ORDER BY n.id`,
        )
      ).map((r) => r.who);
    const emailed = async (code: string) =>
      (
        await queryRows<{ m: string }>(
          ctx.database.db,
          sql`SELECT o.recipient || ' ' || o.kind AS m FROM outbox_messages o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = ${code} AND o.kind LIKE 'deadline.%' ORDER BY o.created_at, o.recipient`,
        )
      ).map((r) => r.m);

    beforeAll(async () => {
      ctx.clock.set(local('2026-03-02T09:00:00')); // a Monday
      cast = await castOf(ctx);
      headId = (await createUser(ctx.database, { username: 'xd.giamdoc', displayName: 'Giám đốc Sở Xây dựng', roles: ['agency_staff'], password: 'Phieu-thu-nghiem-2026!', orgUnitCode: 'so-xay-dung' })).user.id;
      await ctx.database.db.execute(sql`UPDATE org_units SET head_user_id = ${headId}, head_email = 'giamdoc.sxd@dongthap.gov.vn' WHERE code = 'so-xay-dung'`);
      const ids = await queryRows<{ id: string; username: string }>(ctx.database.db, sql`SELECT id, username FROM users WHERE username IN ('sup1', 'xd.focal')`);
      supervisorId = ids.find((u) => u.username === 'sup1')!.id;
      xdFocalId = ids.find((u) => u.username === 'xd.focal')!.id;
    });

    it('is a job the workers run every minute', () => {
      expect(jobDefinitions.map((d) => d.name)).toContain(DEADLINE_ALERTS_JOB);
      expect(deadlineAlertsJob.schedule?.cron).toBe('* * * * *');
    });

    it('reminds the focal point at 75 % of the working time, then at the deadline the focal point and the head, then daily the head and the supervisors', async () => {
      ctx.clock.set(local('2026-03-02T09:00:00'));
      const { code } = await api.create(cast.operator);
      await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
      // Acceptance: 8 working hours from Monday 09:00 = Tuesday 09:00; 75 % (6 h) is reached at Monday 17:00.
      const [ticket] = await queryRows<{ stage_due_at: Date | string }>(ctx.database.db, sql`SELECT stage_due_at FROM tickets WHERE code = ${code}`);
      expect(new Date(ticket!.stage_due_at).toISOString()).toBe(local('2026-03-03T09:00:00').toISOString());

      ctx.clock.set(local('2026-03-02T16:59:00'));
      await run();
      expect(await alertsOf(code)).toEqual([]);

      ctx.clock.set(local('2026-03-02T17:00:00'));
      await run();
      expect(await alertsOf(code)).toEqual([{ stage: 'acceptance', kind: 'reminder', day: '' }]);
      expect(await notified(code)).toEqual(['xd.focal deadline.reminder']);
      const [reminder] = await queryRows<{ title: string; body: string }>(ctx.database.db, sql`SELECT title, body FROM notifications WHERE ticket_id = ${await idOf(code)}`);
      expect(reminder!.title).toBe(`Sắp đến hạn: phiếu ${code}`);
      expect(reminder!.body).toContain(code);
      expect(reminder!.body).toContain('09:00 03/03/2026');
      expect(reminder!.body).toContain('Sở Xây dựng');

      // Later runs the same evening: nothing new. The weekend-free night counts no working time.
      ctx.clock.set(local('2026-03-02T22:00:00'));
      await run();
      expect(await alertsOf(code)).toHaveLength(1);

      ctx.clock.set(local('2026-03-03T09:00:00'));
      await run();
      expect(await notified(code)).toEqual(['xd.focal deadline.reminder', 'xd.focal deadline.due', 'xd.giamdoc deadline.due']);
      expect(await emailed(code)).toEqual(['giamdoc.sxd@dongthap.gov.vn deadline.due']);

      // Overdue alerts start the working day after the deadline's day.
      ctx.clock.set(local('2026-03-03T16:00:00'));
      await run();
      expect((await alertsOf(code)).map((a) => a.kind)).toEqual(['reminder', 'due']);

      ctx.clock.set(local('2026-03-04T07:30:00'));
      await run();
      await run();
      ctx.clock.set(local('2026-03-04T15:00:00'));
      await run();
      expect((await alertsOf(code)).filter((a) => a.kind === 'overdue')).toEqual([{ stage: 'acceptance', kind: 'overdue', day: '2026-03-04' }]);
      expect((await notified(code)).slice(3).sort()).toEqual(['sup1 deadline.overdue', 'xd.giamdoc deadline.overdue']);

      ctx.clock.set(local('2026-03-05T08:00:00'));
      await run();
      // Saturday and Sunday are not working days: no escalation; Monday is.
      ctx.clock.set(local('2026-03-07T10:00:00'));
      await run();
      ctx.clock.set(local('2026-03-08T10:00:00'));
      await run();
      ctx.clock.set(local('2026-03-09T10:00:00'));
      await run();
      expect((await alertsOf(code)).filter((a) => a.kind === 'overdue').map((a) => a.day)).toEqual(['2026-03-04', '2026-03-05', '2026-03-09']);
      const overdue = await queryRows<{ user_id: string; n: number }>(
        ctx.database.db,
        sql`SELECT user_id, count(*)::int AS n FROM notifications WHERE ticket_id = ${await idOf(code)} AND kind = 'deadline.overdue' GROUP BY user_id ORDER BY user_id`,
      );
      expect(overdue).toEqual([{ user_id: headId, n: 3 }, { user_id: supervisorId, n: 3 }].sort((a, b) => (a.user_id < b.user_id ? -1 : 1)));
      expect((await emailed(code)).filter((m) => m.endsWith('deadline.overdue'))).toEqual(Array(3).fill('giamdoc.sxd@dongthap.gov.vn deadline.overdue'));
      // The focal point heard of the reminder and the deadline, not of the escalations.
      const focal = await queryRows<{ kind: string }>(ctx.database.db, sql`SELECT kind FROM notifications WHERE ticket_id = ${await idOf(code)} AND user_id = ${xdFocalId} ORDER BY id`);
      expect(focal.map((n) => n.kind)).toEqual(['deadline.reminder', 'deadline.due']);
    });

    it('alerts the supervisors on the hotline’s own stages (triage), and sends nothing while the clock is paused for the citizen', async () => {
      ctx.clock.set(local('2026-03-16T09:00:00'));
      await signInAgain();
      const triage = (await api.create(cast.operator)).code;
      // Phường Cao Lãnh has no account, head or address here: its alerts go to the supervisors rather than nowhere.
      const nobody = (await api.create(cast.operator)).code;
      await api.act(cast.operator, nobody, 'forward', { leadAgencyCode: 'phuong-cao-lanh' });
      const paused = (await api.create(cast.operator)).code;
      await api.act(cast.operator, paused, 'forward', { leadAgencyCode: 'so-xay-dung' });
      await api.act(cast.xdFocal, paused, 'accept');
      await api.act(cast.xdFocal, paused, 'request-info', { question: 'Xin cho biết số nhà cụ thể?' });
      expect((await api.get(cast.operator, paused)).body.status).toBe('waiting_citizen');

      ctx.clock.set(local('2026-03-16T17:00:00'));
      await run();
      ctx.clock.set(local('2026-03-17T09:00:00'));
      await run();
      expect(await notified(triage)).toEqual(['sup1 deadline.reminder', 'sup1 deadline.due']);
      expect(await notified(nobody)).toEqual(['sup1 deadline.reminder', 'sup1 deadline.due']);
      // A month later: still nothing for the paused ticket (the triage ticket is overdue by then).
      for (const day of ['2026-03-18', '2026-03-25', '2026-04-15']) {
        ctx.clock.set(local(`${day}T09:00:00`));
        await run();
      }
      expect(await alertsOf(paused)).toEqual([]);
      expect(await notified(paused)).toEqual([]);
      expect((await alertsOf(triage)).map((a) => a.kind)).toEqual(['reminder', 'due', 'overdue', 'overdue', 'overdue']);
    });

    it('fires each alert exactly once with two workers running at the same time on separate connections, and again after a restart', async () => {
      ctx.clock.set(local('2026-05-04T09:00:00')); // a Monday
      await signInAgain();
      const codes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const { code } = await api.create(cast.operator);
        await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
        codes.push(code);
      }
      const second = ctx.engine === 'postgres' ? await openDatabase({ engine: 'postgres', url: ctx.database.url!, poolMax: 4 }) : ctx.database;
      try {
        // Monday 17:00: the reminders; Tuesday 09:00: the deadlines; Wednesday: the first escalation.
        for (const at of ['2026-05-04T17:00:00', '2026-05-05T09:00:00', '2026-05-06T08:00:00']) {
          ctx.clock.set(local(at));
          const [a, b] = await Promise.all([runDeadlineAlerts({ database: ctx.database, clock: ctx.clock }, { batch: 2 }), runDeadlineAlerts({ database: second, clock: ctx.clock }, { batch: 2 })]);
          const fired = (r: typeof a) => r.reminder + r.due + r.overdue;
          expect(fired(a) + fired(b)).toBeGreaterThanOrEqual(6);
        }
        // The job's own handler, twice at once as two workers would run it: nothing left to fire, nothing fired twice.
        const job = (database: Database) => deadlineAlertsJob.handle({}, { database, config: ctx.config, log: testLogger, clock: ctx.clock });
        await Promise.all([job(ctx.database), job(second)]);
      } finally {
        if (second !== ctx.database) await second.close();
      }
      // "Restart": a new connection pool, the same moment; nothing is left to fire.
      const restarted = ctx.engine === 'postgres' ? await openDatabase({ engine: 'postgres', url: ctx.database.url!, poolMax: 2 }) : ctx.database;
      try {
        expect(await runDeadlineAlerts({ database: restarted, clock: ctx.clock })).toEqual({ reminder: 0, due: 0, overdue: 0 });
      } finally {
        if (restarted !== ctx.database) await restarted.close();
      }
      for (const code of codes) {
        expect((await alertsOf(code)).map((a) => a.kind)).toEqual(['reminder', 'due', 'overdue']);
        expect(await notified(code)).toEqual(expect.arrayContaining(['xd.focal deadline.reminder', 'xd.focal deadline.due', 'xd.giamdoc deadline.due', 'sup1 deadline.overdue', 'xd.giamdoc deadline.overdue']));
        expect(await notified(code)).toHaveLength(5);
        expect(await emailed(code)).toEqual(['giamdoc.sxd@dongthap.gov.vn deadline.due', 'giamdoc.sxd@dongthap.gov.vn deadline.overdue']);
      }
    });

    it('shows times in Asia/Ho_Chi_Minh', () => {
      expect(vnDateTime(new Date('2026-03-03T02:00:00Z'))).toBe('09:00 03/03/2026');
      expect(vnDateTime(new Date('2026-12-31T17:30:00Z'))).toBe('00:30 01/01/2027');
    });
  },
  { env: { SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720' } },
);
