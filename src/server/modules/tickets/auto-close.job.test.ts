import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { startJobs } from '../../jobs/job-runner.ts';
import { jobDefinitions } from '../../jobs/registry.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine, testLogger } from '../../../test/harness.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';
import { AUTO_CLOSE_JOB, autoCloseAnswered, autoCloseJob } from './auto-close.job.ts';
import { autoCloseTicket } from './ticket-transitions.ts';

const DAY = 86_400_000;
const NOTE = 'Tự động đóng sau 7 ngày không có phản hồi';

describeEachEngine('closing answered tickets automatically', (ctx) => {
  let cast: Cast;
  const api = ticketApi(ctx, () => cast.operator);
  const deps = () => ({ database: ctx.database, config: ctx.config, clock: ctx.clock });

  /** Sessions expire when the clock jumps days ahead: sign the hotline and the agency in again. */
  async function signInAgain() {
    cast = { ...cast, operator: await signIn(ctx.app, 'op1', PASSWORD), xdFocal: await signIn(ctx.app, 'xd.focal', PASSWORD) };
  }

  async function answeredByAgency(phone = '0912 345 678'): Promise<string> {
    const { code } = await api.create(cast.operator, { contact: { name: 'Nguyễn Văn An', phone } });
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, code, 'accept');
    await api.act(cast.xdFocal, code, 'submit-answer', { answer: 'Đã nạo vét cống.' });
    const approved = await api.act(cast.operator, code, 'approve');
    expect(approved.body.status).toBe('answered');
    return code;
  }

  const stateOf = async (code: string) => {
    const [row] = await queryRows<{ status: string; version: number }>(ctx.database.db, sql`SELECT status, version FROM tickets WHERE code = ${code}`);
    return row!;
  };
  const closeEvents = (code: string) =>
    queryRows<{ actor_label: string; actor_id: string | null; visibility: string; note: string | null; from_status: string }>(
      ctx.database.db,
      sql`SELECT e.actor_label, e.actor_id, e.visibility, e.note, e.from_status FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = ${code} AND e.action = 'close' ORDER BY e.id`,
    );

  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  it('is a scheduled job the workers know, run hourly', () => {
    expect(jobDefinitions.map((d) => d.name)).toContain(AUTO_CLOSE_JOB);
    expect(autoCloseJob.schedule?.cron).toMatch(/^\d+ \* \* \* \*$/);
    expect(ctx.config.autoCloseDays).toBe(7);
  });

  it('closes, once, the answered tickets left without a rating or a reopening for more than 7 calendar days', async () => {
    const t0 = ctx.clock.now();
    const viaAgency = await answeredByAgency();
    const direct = (await api.create(cast.operator)).code;
    await api.act(cast.operator, direct, 'answer', { answer: 'Theo quy định, hồ sơ nộp tại bộ phận một cửa.' });
    const rated = await answeredByAgency('0977 000 001');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${rated}/rating`, payload: { phone: '0977000001', score: 4 } })).statusCode).toBe(200);
    const reopened = await answeredByAgency('0977 000 002');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${reopened}/reopen`, payload: { phone: '0977000002', reason: 'Chưa xử lý xong.' } })).json().status).toBe('forwarded');
    const inProgress = (await api.create(cast.operator)).code;
    await api.act(cast.operator, inProgress, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, inProgress, 'accept');
    // Staff notes do not hold a ticket open, but the job must not close with a stale version.
    const commented = await answeredByAgency('0977 000 003');
    const staleVersion = (await stateOf(commented)).version;
    await api.act(cast.operator, commented, 'comment', { note: 'Đã gọi lại, người dân không nghe máy.' });

    // Six days later, one more answer: it is not due yet when the others are.
    ctx.clock.set(new Date(t0.getTime() + 6 * DAY));
    await signInAgain();
    const recent = await answeredByAgency('0977 000 004');

    // Seven days is not "more than seven days".
    ctx.clock.set(new Date(t0.getTime() + 7 * DAY - 60_000));
    expect(await autoCloseAnswered(deps())).toMatchObject({ closed: 0 });

    ctx.clock.set(new Date(t0.getTime() + 7 * DAY + 3_600_000));
    // A candidate read before a change is skipped, not closed over the change.
    expect(await autoCloseTicket(deps(), commented, staleVersion, 7)).toBeNull();
    expect((await stateOf(commented)).status).toBe('answered');

    const first = await autoCloseAnswered(deps());
    expect(first).toEqual({ candidates: 3, closed: 3, skipped: 0 });
    for (const code of [viaAgency, direct, commented]) {
      expect((await stateOf(code)).status).toBe('closed');
      expect(await closeEvents(code)).toEqual([{ actor_label: 'system', actor_id: null, visibility: 'public', note: NOTE, from_status: 'answered' }]);
    }
    expect((await stateOf(recent)).status).toBe('answered');
    expect((await stateOf(reopened)).status).toBe('forwarded');
    expect((await stateOf(inProgress)).status).toBe('in_progress');
    expect(await closeEvents(rated)).toEqual([]);
    const [audit] = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM audit_log a JOIN tickets t ON t.id::text = a.entity_id::text WHERE t.code = ${viaAgency} AND a.action = 'ticket.close'`,
    );
    expect(audit!.n).toBe(1);

    // Twice is once.
    expect(await autoCloseAnswered(deps())).toEqual({ candidates: 0, closed: 0, skipped: 0 });
    expect(await autoCloseTicket(deps(), viaAgency, (await stateOf(viaAgency)).version, 7)).toBeNull();
    for (const code of [viaAgency, direct, commented]) expect(await closeEvents(code)).toHaveLength(1);

    // The citizen may still reopen within the reopening window, and the answer is then due again.
    ctx.clock.set(new Date(t0.getTime() + 13 * DAY + 2 * 3_600_000));
    expect(await autoCloseAnswered(deps())).toMatchObject({ closed: 1 });
    expect((await stateOf(recent)).status).toBe('closed');
  });

  it('pages through more candidates than one batch', async () => {
    await signInAgain();
    const start = ctx.clock.now();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { code } = await api.create(cast.operator);
      await api.act(cast.operator, code, 'answer', { answer: `Trả lời số ${i}.` });
      codes.push(code);
    }
    ctx.clock.set(new Date(start.getTime() + 8 * DAY));
    expect(await autoCloseAnswered(deps(), { batch: 2 })).toEqual({ candidates: 5, closed: 5, skipped: 0 });
    for (const code of codes) expect(await closeEvents(code)).toHaveLength(1);
  });

  it('runs on a worker when the job is sent', async () => {
    await signInAgain();
    const start = ctx.clock.now();
    const code = await answeredByAgency('0977 000 005');
    ctx.clock.set(new Date(start.getTime() + 8 * DAY));
    const jobs = await startJobs({ database: ctx.database, config: ctx.config, definitions: jobDefinitions, work: true, log: testLogger, clock: ctx.clock });
    try {
      const schedules = await queryRows<{ name: string }>(ctx.database.db, sql`SELECT name FROM pgboss.schedule`);
      expect(schedules.map((s) => s.name)).toContain(AUTO_CLOSE_JOB);
      await jobs.send(AUTO_CLOSE_JOB);
      await jobs.send(AUTO_CLOSE_JOB);
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await stateOf(code)).status !== 'closed') await new Promise((r) => setTimeout(r, 200));
      expect((await stateOf(code)).status).toBe('closed');
      // Let the second run finish too: still one close.
      const settle = Date.now() + 20_000;
      while (Date.now() < settle && (await jobs.queueDepths()).some((d) => d.queue === AUTO_CLOSE_JOB && d.queued + d.active > 0)) await new Promise((r) => setTimeout(r, 200));
      expect(await closeEvents(code)).toEqual([{ actor_label: 'system', actor_id: null, visibility: 'public', note: NOTE, from_status: 'answered' }]);
    } finally {
      await jobs.stop();
    }
  });
}, { env: {} });

describeEachEngine('auto-close and reopening follow the ticket’s deadline policy version', (ctx) => {
  let cast: Cast;
  const api = ticketApi(ctx, () => cast.operator);
  const deps = () => ({ database: ctx.database, config: ctx.config, clock: ctx.clock });
  const statusOf = async (code: string) => (await queryRows<{ status: string }>(ctx.database.db, sql`SELECT status FROM tickets WHERE code = ${code}`))[0]!.status;

  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  it('closes after the version’s auto_close_days (AUTO_CLOSE_DAYS when it sets none) and keeps its reopen_window_days', async () => {
    const [policy] = await queryRows<{ id: string }>(
      ctx.database.db,
      sql`INSERT INTO deadline_policies (decision, effective_from, effective_to, triage_hours, acceptance_hours, answer_days, review_hours, reopen_window_days, auto_close_days)
          VALUES ('Quyết định thử nghiệm', '2019-01-01', '2019-12-31', 8, 8, 10, 8, 1, 3) RETURNING id`,
    );
    const t0 = ctx.clock.now();
    const short = (await api.create(cast.operator, { contact: { name: 'Lê Văn C', phone: '0977 100 001' } })).code;
    const reopenable = (await api.create(cast.operator, { contact: { name: 'Lê Văn D', phone: '0977 100 002' } })).code;
    const usual = (await api.create(cast.operator, { contact: { name: 'Lê Văn E', phone: '0977 100 003' } })).code;
    for (const code of [short, reopenable, usual]) await api.act(cast.operator, code, 'answer', { answer: 'Hồ sơ nộp tại bộ phận một cửa.' });
    await ctx.database.db.execute(sql`UPDATE tickets SET deadline_policy_id = ${policy!.id} WHERE code IN (${short}, ${reopenable})`);

    // Two days after the answer: past the version's one-day reopen window.
    ctx.clock.set(new Date(t0.getTime() + 2 * DAY));
    const late = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${reopenable}/reopen`, payload: { phone: '0977100002', reason: 'Chưa thỏa đáng.' } });
    expect(late.json()).toMatchObject({ status: 409, code: 'ticket.reopen_not_allowed' });
    // The default version has no window of its own: REOPEN_WINDOW_DAYS (30) applies, so this one could still reopen.
    expect(ctx.config.reopenWindowDays).toBe(30);

    ctx.clock.set(new Date(t0.getTime() + 3 * DAY + 3_600_000));
    expect(await autoCloseAnswered(deps())).toEqual({ candidates: 2, closed: 2, skipped: 0 });
    expect(await statusOf(short)).toBe('closed');
    expect(await statusOf(usual)).toBe('answered');
    const [event] = await queryRows<{ note: string }>(ctx.database.db, sql`SELECT e.note FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = ${short} AND e.action = 'close'`);
    expect(event!.note).toBe('Tự động đóng sau 3 ngày không có phản hồi');

    ctx.clock.set(new Date(t0.getTime() + 7 * DAY + 3_600_000));
    expect(await autoCloseAnswered(deps())).toEqual({ candidates: 1, closed: 1, skipped: 0 });
    expect(await statusOf(usual)).toBe('closed');
  });
});
