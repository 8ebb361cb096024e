import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

describeEachEngine('deadline policy versions', (ctx) => {
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
  const list = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/deadline-policies', headers: cast.leader.headers })).json().items as Array<Record<string, unknown>>;
  const create = (body: Record<string, unknown>) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/deadline-policies',
      headers: cast.admin.headers,
      payload: { triageHours: 8, acceptanceHours: 8, answerDays: 10, reviewHours: 8, ...body },
    });

  it('ships a default version in force: 8 working hours per stage, 10 working days to answer', async () => {
    const items = await list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ effectiveFrom: '2020-01-01', effectiveTo: null, triageHours: 8, acceptanceHours: 8, answerDays: 10, reviewHours: 8, inForce: true });
  });

  it('adds a version from a decision, ends the previous one the day before, and refuses overlaps and the past', async () => {
    const res = await create({ decision: 'Quyết định số 12/2026/QĐ-UBND ngày 15/2/2026', effectiveFrom: '2026-04-01', answerDays: 15, overrides: [{ domainCode: 'construction', answerDays: 5 }] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ decision: 'Quyết định số 12/2026/QĐ-UBND ngày 15/2/2026', effectiveFrom: '2026-04-01', effectiveTo: null, inForce: false });
    const items = await list();
    expect(items.map((p) => [p.effectiveFrom, p.effectiveTo])).toEqual([
      ['2026-04-01', null],
      ['2020-01-01', '2026-03-31'],
    ]);

    const overlap = await create({ decision: 'Quyết định số 13/2026/QĐ-UBND', effectiveFrom: '2026-03-15', effectiveTo: '2026-04-10' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'deadline_policy.overlap', detail: expect.stringContaining('12/2026/QĐ-UBND') });
    const past = await create({ decision: 'Quyết định cũ', effectiveFrom: '2025-01-01' });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('deadline_policy.in_past');
    const badDomain = await create({ decision: 'Quyết định số 14/2026/QĐ-UBND', effectiveFrom: '2027-01-01', overrides: [{ domainCode: 'khong-co', answerDays: 3 }] });
    expect(badDomain.statusCode).toBe(422);
    // Nothing of the refused ones was saved, and the previous version was not touched by them.
    expect(await list()).toHaveLength(2);
    expect((await create({ decision: 'Quyết định', effectiveFrom: '2026-05-01', triageHours: 0 })).statusCode).toBe(422);
  });

  it('lets a ticket keep the version it was created under', async () => {
    await moveClockTo('2026-03-30T02:00:00Z');
    const before = await api.create(cast.operator, { domainCode: 'construction' });
    await moveClockTo('2026-04-01T02:00:00Z');
    const after = await api.create(cast.operator, { domainCode: 'construction' });
    const answerDue = async (code: string) => {
      await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
      const accepted = await api.act(cast.xdFocal, code, 'accept');
      return (accepted.body.deadline as { dueAt: string }).dueAt;
    };
    const due = async (days: number) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/due?start=2026-04-01T02:00:00Z&workingDays=${days}` })).json().due;
    expect(await answerDue(before.code)).toBe(await due(10));
    // The new version: 5 working days for construction.
    expect(await answerDue(after.code)).toBe(await due(5));
  });
});
