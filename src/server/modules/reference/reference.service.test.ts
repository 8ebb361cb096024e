import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { loadReference } from './reference.service.ts';

describeEachEngine('reference data', (ctx) => {
  it('is loaded once: running the loader again, even forced, never duplicates a row', async () => {
    const first = await loadReference(ctx.database, { force: true });
    const second = await loadReference(ctx.database, { force: true });
    expect(second.counts).toEqual(first.counts);
    const skipped = await loadReference(ctx.database);
    expect(skipped.skipped).toBe(true);
    expect(skipped.counts).toEqual(first.counts);
    expect(first.counts.domains).toBeGreaterThanOrEqual(20);
    expect(first.counts.calendarDays).toBeGreaterThan(21 * 8);
  });

  it('keeps what an administrator changed when the reference is loaded again', async () => {
    await ctx.database.db.execute(sql`UPDATE domains SET name = 'Đất đai (đã sửa)', origin = 'admin' WHERE code = 'land'`);
    await loadReference(ctx.database, { force: true });
    const [row] = await queryRows<{ name: string }>(ctx.database.db, sql`SELECT name FROM domains WHERE code = 'land'`);
    expect(row?.name).toBe('Đất đai (đã sửa)');
  });

  it('lists the domains citizens choose from, in Vietnamese', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/domains' });
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['land', 'social_protection', 'police', 'social_insurance', 'transport', 'justice', 'health', 'administrative_procedures']));
  });

  it('lists the 102 communes and wards in force after the 2025 reform', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/org-units?kind=ward&kind=commune&on=2026-01-01' });
    const items = res.json().items as Array<{ kind: string }>;
    expect(items.filter((u) => u.kind === 'ward')).toHaveLength(20);
    expect(items.filter((u) => u.kind === 'commune')).toHaveLength(82);
  });

  it('keeps pre-2025 units as ended units that name their successors', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/org-units?on=all&q=${encodeURIComponent('thanh pho Cao Lanh')}` });
    const old = (res.json().items as Array<{ kind: string; validTo: string | null; successorCodes: string[] }>).find((u) => u.kind === 'district');
    expect(old).toBeDefined();
    expect(old!.validTo).toBe('2025-06-30');
    expect(old!.successorCodes.length).toBeGreaterThan(0);
    const inForce = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/org-units?on=2026-01-01&q=${encodeURIComponent('thanh pho Cao Lanh')}` });
    expect(inForce.json().items.filter((u: { kind: string }) => u.kind === 'district')).toHaveLength(0);
  });

  it('tells where out-of-scope matters go instead', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/out-of-scope' });
    const items = res.json().items as Array<{ name: string; guidance: string }>;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.map((i) => i.name.toLowerCase()).join(' ')).toMatch(/khiếu nại.*|tố cáo/);
    for (const item of items) expect(item.guidance.length).toBeGreaterThan(40);
  });

  it('slows down one address that calls a public endpoint too often, with Retry-After', async () => {
    const call = (ip: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/public/out-of-scope', remoteAddress: ip });
    let last = await call('10.9.9.9');
    for (let i = 0; i < ctx.config.publicRateLimitPerMinute * 4 && last.statusCode === 200; i++) last = await call('10.9.9.9');
    expect(last.statusCode).toBe(429);
    expect(last.json().code).toBe('request.too_many');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call('10.9.9.10')).statusCode).toBe(200);
  });
});
