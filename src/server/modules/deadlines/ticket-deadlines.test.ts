import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { signIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

type Deadline = { stage: string | null; dueAt: string | null; overdue: boolean; paused: boolean; pausedRemainingMinutes: number | null; answerDueAt: string | null };

describeEachEngine('stage deadlines on tickets', (ctx) => {
  let cast: Cast;
  const api = ticketApi(ctx, () => cast.operator);
  beforeAll(async () => {
    cast = await castOf(ctx);
  });
  /** Sessions end after 12 hours: moving the clock by days needs a new sign-in. */
  const moveClockTo = async (at: string) => {
    ctx.clock.set(new Date(at));
    cast = { ...cast, operator: await signIn(ctx.app, 'op1', PASSWORD), xdFocal: await signIn(ctx.app, 'xd.focal', PASSWORD) };
  };
  const deadlineOf = async (code: string) => (await api.get(cast.operator, code)).body.deadline as Deadline;

  it('runs triage, acceptance, answer and review clocks through the API, pausing while waiting for the citizen', async () => {
    // Monday 2/3/2026, 09:00 in Hà Nội.
    await moveClockTo('2026-03-02T02:00:00Z');
    const { code, deadline } = (await api.create(cast.operator)) as unknown as { code: string; deadline: Deadline };
    // 8 working hours: 6 on Monday, 2 on Tuesday morning.
    expect(deadline).toMatchObject({ stage: 'triage', dueAt: '2026-03-03T02:00:00.000Z', overdue: false, paused: false });
    expect((await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' })).body.deadline).toMatchObject({ stage: 'acceptance', dueAt: '2026-03-03T02:00:00.000Z' });
    // 10 working days: the close of office hours on Monday 16/3.
    expect((await api.act(cast.xdFocal, code, 'accept')).body.deadline).toMatchObject({ stage: 'answer', dueAt: '2026-03-16T10:00:00.000Z', answerDueAt: '2026-03-16T10:00:00.000Z' });

    const asked = (await api.act(cast.xdFocal, code, 'request-info', { question: 'Xin số nhà cụ thể.' })).body.deadline as Deadline;
    expect(asked).toMatchObject({ stage: 'answer', dueAt: null, paused: true, overdue: false, pausedRemainingMinutes: 86 * 60 });

    // The citizen answers a week later, from the portal: the agency gets its 86 working hours back.
    await moveClockTo('2026-03-09T02:00:00Z');
    const replied = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${code}/info`, payload: { phone: '0912345678', reply: 'Số 12 Nguyễn Huệ.' } });
    expect(replied.statusCode).toBe(200);
    expect(await deadlineOf(code)).toMatchObject({ stage: 'answer', dueAt: '2026-03-23T10:00:00.000Z', answerDueAt: '2026-03-23T10:00:00.000Z', paused: false });

    await api.act(cast.xdFocal, code, 'draft-answer', { draft: 'Đã nạo vét cống.' });
    const submitted = (await api.act(cast.xdFocal, code, 'submit-answer')).body.deadline as Deadline;
    expect(submitted).toMatchObject({ stage: 'review', dueAt: '2026-03-10T02:00:00.000Z', answerDueAt: '2026-03-23T10:00:00.000Z' });
    expect((await api.act(cast.operator, code, 'send-back', { note: 'Bổ sung thời gian hoàn thành.' })).body.deadline).toMatchObject({ stage: 'answer', dueAt: '2026-03-23T10:00:00.000Z' });
    await api.act(cast.xdFocal, code, 'submit-answer');
    expect((await api.act(cast.operator, code, 'approve')).body.deadline).toMatchObject({ stage: null, dueAt: null, overdue: false, answerDueAt: '2026-03-23T10:00:00.000Z' });
  });

  it('lists overdue tickets with overdue=true, and not those on time or paused', async () => {
    await moveClockTo('2026-03-23T02:00:00Z');
    const late = await api.create(cast.operator);
    const onTime = await api.create(cast.operator);
    await api.act(cast.operator, onTime.code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    // Wednesday: the first ticket's triage (due Tuesday 09:00) is overdue; the second was forwarded and accepted.
    await moveClockTo('2026-03-25T02:00:00Z');
    await api.act(cast.xdFocal, onTime.code, 'accept');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?overdue=true&limit=200', headers: cast.operator.headers });
    expect(res.statusCode).toBe(200);
    const codes = (res.json().items as Array<{ code: string; deadline: Deadline }>).map((i) => i.code);
    expect(codes).toContain(late.code);
    expect(codes).not.toContain(onTime.code);
    expect(res.json().items.find((i: { code: string }) => i.code === late.code).deadline).toMatchObject({ stage: 'triage', overdue: true });
    const notLate = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?overdue=false&limit=200', headers: cast.operator.headers })).json().items as Array<{ code: string }>;
    expect(notLate.map((i) => i.code)).toContain(onTime.code);
    expect(notLate.map((i) => i.code)).not.toContain(late.code);
    expect((await deadlineOf(late.code)).overdue).toBe(true);
    // The queue counters count exactly the overdue ones per state, as the list does.
    const counts = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets/counts', headers: cast.operator.headers })).json() as { overdue: Record<string, number> };
    const overdueByStatus: Record<string, number> = {};
    for (const item of res.json().items as Array<{ status: string }>) overdueByStatus[item.status] = (overdueByStatus[item.status] ?? 0) + 1;
    expect(counts.overdue).toEqual(overdueByStatus);
    expect(counts.overdue.new).toBeGreaterThanOrEqual(1);
  });

  it('counts a day off the administrator adds from the next deadline on', async () => {
    await moveClockTo('2026-06-01T02:00:00Z');
    expect(((await api.create(cast.operator)) as unknown as { deadline: Deadline }).deadline.dueAt).toBe('2026-06-02T02:00:00.000Z');
    await ctx.database.db.execute(sql`
      INSERT INTO calendar_days (date, kind, name, name_en, source, origin)
      VALUES ('2026-06-02', 'day_off', 'Nghỉ đột xuất', 'Extra day off', 'Quyết định của UBND tỉnh', 'admin')`);
    expect(((await api.create(cast.operator)) as unknown as { deadline: Deadline }).deadline.dueAt).toBe('2026-06-03T02:00:00.000Z');
  });
});
