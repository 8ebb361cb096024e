import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness.ts';

describeEachEngine('public calendar', (ctx) => {
  it('publishes the working-day calendar with Tết and make-up days', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/days?from=2025-01-24&to=2025-02-03' });
    expect(res.statusCode).toBe(200);
    const days = res.json().items as Array<{ date: string; working: boolean; reason: string; name: string | null }>;
    expect(days).toHaveLength(11);
    expect(days.find((d) => d.date === '2025-01-24')).toMatchObject({ working: true, reason: 'weekday' });
    expect(days.find((d) => d.date === '2025-01-29')).toMatchObject({ working: false, reason: 'holiday' });
    expect(days.find((d) => d.date === '2025-02-03')).toMatchObject({ working: true });
    expect(days.filter((d) => !d.working)).toHaveLength(9);
  });

  it('refuses a calendar range that runs backwards or spans too long', async () => {
    const back = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/days?from=2025-02-01&to=2025-01-01' });
    expect(back.statusCode).toBe(400);
    const long = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/days?from=2020-01-01&to=2030-01-01' });
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('request.invalid_parameters');
  });

  it('gives the due time of working days across the Tết 2025 break', async () => {
    // Friday 24/1/2025 10:00 in Hà Nội; the break runs from Saturday 25/1 to Sunday 2/2.
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/due?start=${encodeURIComponent('2025-01-24T10:00:00+07:00')}&workingDays=1` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ start: '2025-01-24T03:00:00.000Z', due: '2025-02-03T10:00:00.000Z', workingDays: 1 });
  });

  it('gives the due time of working hours across the Tết 2026 break and the night', async () => {
    // Friday 13/2/2026 15:00: two hours that day, the third on Monday 23/2 after the break.
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/due?start=2026-02-13T08:00:00Z&workingHours=3' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ start: '2026-02-13T08:00:00.000Z', due: '2026-02-23T01:00:00.000Z', workingHours: 3 });
  });

  it('counts a make-up Saturday and skips a day off an administrator added', async () => {
    const due = async (query: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/due?${query}` })).json().due;
    // Friday 25/4/2025 → Saturday 26/4, the make-up working day.
    expect(await due('start=2025-04-25T03:00:00Z&workingDays=1')).toBe('2025-04-26T10:00:00.000Z');
    expect(await due('start=2027-02-26T03:00:00Z&workingDays=1')).toBe('2027-03-01T10:00:00.000Z');
    await ctx.database.db.execute(sql`
      INSERT INTO calendar_days (date, kind, name, name_en, source, origin)
      VALUES ('2027-03-01', 'day_off', 'Nghỉ đột xuất', 'Extra day off', 'Quyết định của UBND tỉnh', 'admin')`);
    expect(await due('start=2027-02-26T03:00:00Z&workingDays=1')).toBe('2027-03-02T10:00:00.000Z');
  });

  it('refuses a request without exactly one length, in Vietnamese', async () => {
    for (const query of ['start=2025-01-24T03:00:00Z', 'start=2025-01-24T03:00:00Z&workingDays=1&workingHours=2']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/due?${query}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'request.invalid_parameters', detail: expect.stringMatching(/Cần đúng một/) });
    }
  });

  it('refuses a length out of range, a malformed start and a year without a holiday calendar', async () => {
    const bad = [
      'start=2025-01-24T03:00:00Z&workingDays=0',
      'start=2025-01-24T03:00:00Z&workingDays=366',
      'start=2025-01-24T03:00:00Z&workingHours=2001',
      'start=2025-01-24T03:00:00Z&workingHours=1.5',
      'start=2025-01-24T03:00:00Z&workingDays=abc',
      'start=24/01/2025&workingDays=1',
      'start=2025-01-24&workingDays=1',
      'workingDays=1',
      'start=2025-01-24T03:00:00Z&workingDays=1&extra=1',
    ];
    for (const query of bad) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/due?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code, query).toBe('request.invalid_parameters');
    }
    const past = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/due?start=2019-06-03T03:00:00Z&workingDays=1' });
    expect(past.statusCode).toBe(400);
    expect(past.json().detail).toMatch(/Chỉ tính được hạn trong các năm 2020–2040/);
    const beyond = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/due?start=2040-12-20T03:00:00Z&workingDays=30' });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().detail).toMatch(/2020–2040/);
  });

  it('documents the calendar routes in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const due = doc.paths['/api/v1/public/calendar/due'].get;
    expect(due.tags).toEqual(['calendar']);
    expect(due.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['start', 'workingDays', 'workingHours']);
    expect(doc.paths['/api/v1/public/calendar/days'].get.tags).toEqual(['calendar']);
  });
});
