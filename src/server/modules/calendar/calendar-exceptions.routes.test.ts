import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, type Cast } from '../../../test/ticket-fixtures.ts';
import { loadReference } from '../reference/reference.service.ts';
import { workingCalendarOf } from './calendar.service.ts';

type Exception = { date: string; kind: string; name: string; nameEn: string; source: string; origin: string };

describeEachEngine('calendar administration', (ctx) => {
  let cast: Cast;
  const exceptions = async (year: number): Promise<Exception[]> => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/calendar/exceptions?year=${year}`, headers: cast.leader.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const put = (date: string, body: Record<string, unknown>) => ctx.app.inject({ method: 'PUT', url: `/api/v1/calendar/exceptions/${date}`, headers: cast.admin.headers, payload: body });
  const remove = (date: string) => ctx.app.inject({ method: 'DELETE', url: `/api/v1/calendar/exceptions/${date}`, headers: cast.admin.headers });
  const importList = (items: Array<Record<string, unknown>>) => ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/exceptions/import', headers: cast.admin.headers, payload: { items } });
  const due = async (query: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/due?${query}` })).json().due as string;
  const source = 'Thông báo số 01/TB-UBND';

  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  it('lists a year’s holidays, days off and make-up days with where each came from', async () => {
    const items = await exceptions(2026);
    expect(items.find((d) => d.date === '2026-09-02')).toMatchObject({ kind: 'holiday', origin: 'reference' });
    expect(items.filter((d) => d.date.startsWith('2026-02') && d.kind === 'holiday').length).toBeGreaterThanOrEqual(3);
    expect(items.every((d) => d.date.startsWith('2026-'))).toBe(true);
    // Without a year: this year (the test clock is in 2026).
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/exceptions', headers: cast.admin.headers })).json().items).toEqual(items);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/exceptions?year=2026', headers: cast.operator.headers })).statusCode).toBe(403);
  });

  it('moves the due time at once when an administrator adds a day off or a make-up Saturday, and back when it is removed', async () => {
    // Friday 26/2/2027 10:00 + 1 working day = Monday 1/3 17:00.
    const start = 'start=2027-02-26T03:00:00Z&workingDays=1';
    expect(await due(start)).toBe('2027-03-01T10:00:00.000Z');
    expect((await workingCalendarOf(ctx.database)).kindOf('2027-03-01')).toBeUndefined(); // now cached

    const res = await put('2027-03-01', { kind: 'day_off', name: 'Nghỉ đột xuất', source });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ date: '2027-03-01', kind: 'day_off', name: 'Nghỉ đột xuất', nameEn: 'Nghỉ đột xuất', source, origin: 'admin' });
    expect(await due(start)).toBe('2027-03-02T10:00:00.000Z');
    expect((await workingCalendarOf(ctx.database)).kindOf('2027-03-01')).toBe('day_off');

    // Friday 5/3/2027 + 1 working day: Monday 8/3, or the make-up Saturday 6/3.
    expect(await due('start=2027-03-05T03:00:00Z&workingDays=1')).toBe('2027-03-08T10:00:00.000Z');
    expect((await put('2027-03-06', { kind: 'working_day', name: 'Làm bù', nameEn: 'Make-up day', source })).statusCode).toBe(200);
    expect(await due('start=2027-03-05T03:00:00Z&workingDays=1')).toBe('2027-03-06T10:00:00.000Z');

    expect((await remove('2027-03-01')).statusCode).toBe(204);
    expect(await due(start)).toBe('2027-03-01T10:00:00.000Z');
    expect((await workingCalendarOf(ctx.database)).kindOf('2027-03-01')).toBeUndefined();
    expect((await remove('2027-03-01')).statusCode).toBe(404);

    const audit = await queryRows<{ action: string; entity_id: string; actor_label: string }>(
      ctx.database.db,
      sql`SELECT action, entity_id, actor_label FROM audit_log WHERE entity_type = 'calendar_day' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'calendar_day.set', entity_id: '2027-03-01', actor_label: 'adm1' },
      { action: 'calendar_day.set', entity_id: '2027-03-06', actor_label: 'adm1' },
      { action: 'calendar_day.deleted', entity_id: '2027-03-01', actor_label: 'adm1' },
    ]);
  });

  it('keeps a shipped date an administrator removed out of the calendar when the reference data is loaded again', async () => {
    const shipped = (await exceptions(2028)).find((d) => d.date === '2028-09-01');
    expect(shipped).toMatchObject({ kind: 'holiday', origin: 'reference' });
    // Thursday 31/8/2028 + 1 working day: Friday 1/9 and Saturday 2/9 are National Day, Monday 4/9 the day off in lieu.
    expect(await due('start=2028-08-31T03:00:00Z&workingDays=1')).toBe('2028-09-05T10:00:00.000Z');
    expect((await remove('2028-09-01')).statusCode).toBe(204);
    expect(await due('start=2028-08-31T03:00:00Z&workingDays=1')).toBe('2028-09-01T10:00:00.000Z');
    await loadReference(ctx.database, { force: true });
    expect((await exceptions(2028)).map((d) => d.date)).not.toContain('2028-09-01');
    expect(await due('start=2028-08-31T03:00:00Z&workingDays=1')).toBe('2028-09-01T10:00:00.000Z');

    // Set again by an administrator, the date is theirs; removed again, it stays cleared.
    expect((await put('2028-09-01', { kind: 'holiday', name: shipped!.name, nameEn: shipped!.nameEn, source })).statusCode).toBe(200);
    await loadReference(ctx.database, { force: true });
    expect((await exceptions(2028)).find((d) => d.date === '2028-09-01')).toMatchObject({ origin: 'admin', source });
    expect((await remove('2028-09-01')).statusCode).toBe(204);
    await loadReference(ctx.database, { force: true });
    expect((await exceptions(2028)).map((d) => d.date)).not.toContain('2028-09-01');
  });

  it('refuses a date that does not exist, a weekday as a make-up day, a year the calendar does not cover', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['2026-02-30', { kind: 'holiday', name: 'Không có', source }, 'date'],
      ['2027-03-03', { kind: 'working_day', name: 'Làm bù thứ Tư', source }, 'kind'],
      ['2050-01-03', { kind: 'day_off', name: 'Quá xa', source }, 'date'],
      ['2027-03-03', { kind: 'day_off', name: '   ', source }, 'name'],
    ];
    for (const [date, body, path] of cases) {
      const res = await put(date, body);
      expect(res.statusCode, date).toBe(422);
      expect(res.json(), date).toMatchObject({ code: 'calendar.invalid_days', errors: [{ path }] });
    }
    expect((await exceptions(2027)).map((d) => d.date)).not.toContain('2027-03-03');
    expect((await remove('2026-02-30')).statusCode).toBe(422);
    expect((await put('03-02-2026', { kind: 'holiday', name: 'x', source })).statusCode).toBe(400);
  });

  it('imports a list all or nothing: one bad row refuses the whole list, naming each bad row', async () => {
    const good = [
      { date: '2027-04-05', kind: 'day_off', name: 'Nghỉ bù', nameEn: 'Day off in lieu', source },
      { date: '2027-04-10', kind: 'working_day', name: 'Làm bù', nameEn: 'Make-up working day', source },
    ];
    const bad = await importList([
      good[0]!,
      { date: '2026-02-30', kind: 'holiday', name: 'Ngày không có', source },
      { date: '2027-04-07', kind: 'working_day', name: 'Làm bù thứ Tư', source },
      { date: '2027-04-12', kind: 'holiday', name: 'Lễ', source },
      { date: '2027-04-12', kind: 'day_off', name: 'Nghỉ', source },
    ]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('calendar.invalid_days');
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['items.1.date', 'items.2.kind', 'items.4.date']);
    expect(bad.json().detail).toMatch(/dòng 4/);
    const listed = ['2027-04-05', '2027-04-07', '2027-04-10', '2027-04-12'];
    expect((await exceptions(2027)).filter((d) => listed.includes(d.date))).toEqual([]);

    const ok = await importList(good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items).toEqual(good.map((g) => ({ ...g, origin: 'admin' })));
    expect(await due('start=2027-04-02T03:00:00Z&workingDays=1')).toBe('2027-04-06T10:00:00.000Z');

    // The reference loader regenerates its own rows and keeps the administrators'.
    await loadReference(ctx.database, { force: true });
    const after = await exceptions(2027);
    expect(after.filter((d) => d.origin === 'admin').map((d) => d.date)).toEqual(['2027-03-06', '2027-04-05', '2027-04-10']);
    expect(after.some((d) => d.origin === 'reference')).toBe(true);

    const [row] = await queryRows<{ changes: Record<string, unknown> }>(ctx.database.db, sql`SELECT changes FROM audit_log WHERE action = 'calendar_day.imported'`);
    expect(row!.changes).toEqual({
      '2027-04-05': { from: null, to: { kind: 'day_off', name: 'Nghỉ bù', source } },
      '2027-04-10': { from: null, to: { kind: 'working_day', name: 'Làm bù', source } },
    });
  });
});
