import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, type Cast } from '../../../test/ticket-fixtures.ts';
import { loadReference } from '../reference/reference.service.ts';

type Domain = { code: string; name: string; nameEn: string; sortOrder: number; defaultAgencyCode: string | null; keywords: string[]; active: boolean; origin: string };

describeEachEngine('domain administration', (ctx) => {
  let cast: Cast;
  const domains = async (): Promise<Domain[]> => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/domains', headers: cast.xdStaff.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const publicCodes = async () => ((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/domains' })).json().items as Domain[]).map((d) => d.code);
  const admin = (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) => ctx.app.inject({ method, url: `/api/v1/domains${url}`, headers: cast.admin.headers, payload });

  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  it('lists every domain to staff with its default agency and where it came from', async () => {
    const all = await domains();
    expect(all.length).toBeGreaterThan(5);
    expect(all.every((d) => d.origin === 'reference' && d.active)).toBe(true);
    expect(all.some((d) => d.defaultAgencyCode === 'so-y-te')).toBe(true);
  });

  it('adds a domain, refusing a taken code and an unknown or ended default agency, audited', async () => {
    const body = { code: 'dan-toc', name: ' Dân tộc, tôn giáo ', nameEn: 'Ethnic affairs and religion', sortOrder: 900, defaultAgencyCode: 'so-y-te', keywords: ['dân tộc', 'tôn giáo', 'dân tộc'] };
    const res = await admin('POST', '', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ code: 'dan-toc', name: 'Dân tộc, tôn giáo', nameEn: 'Ethnic affairs and religion', sortOrder: 900, defaultAgencyCode: 'so-y-te', keywords: ['dân tộc', 'tôn giáo'], active: true, origin: 'admin' });
    expect(await publicCodes()).toContain('dan-toc');

    expect((await admin('POST', '', body)).json().code).toBe('domain.code_taken');
    const unknown = await admin('POST', '', { ...body, code: 'khac-1', defaultAgencyCode: 'khong-co' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ path: 'defaultAgencyCode', message: expect.stringContaining('khong-co') }]);
    const ended = await admin('POST', '', { ...body, code: 'khac-2', defaultAgencyCode: 'old-tp-cao-lanh' });
    expect(ended.statusCode).toBe(422);
    expect(ended.json().detail).toMatch(/chấm dứt hoạt động/);
    expect((await domains()).map((d) => d.code).filter((c) => c.startsWith('khac-'))).toEqual([]);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/domains', headers: cast.operator.headers, payload: { ...body, code: 'khac-3' } })).statusCode).toBe(403);

    const audit = await queryRows<{ action: string; entity_id: string }>(ctx.database.db, sql`SELECT action, entity_id FROM audit_log WHERE entity_type = 'domain' ORDER BY id`);
    expect(audit).toEqual([{ action: 'domain.created', entity_id: 'dan-toc' }]);
  });

  it('edits and deactivates a domain (kept in the staff list, gone from the public one); the reference loader keeps the edit', async () => {
    const land = (await domains()).find((d) => d.code === 'land')!;
    const res = await admin('PATCH', '/land', { name: 'Đất đai (sửa)', active: false, defaultAgencyCode: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'land', name: 'Đất đai (sửa)', active: false, defaultAgencyCode: null, origin: 'admin' });
    expect((await domains()).find((d) => d.code === 'land')).toMatchObject({ active: false });
    expect(await publicCodes()).not.toContain('land');

    await loadReference(ctx.database, { force: true });
    expect((await domains()).find((d) => d.code === 'land')).toMatchObject({ name: 'Đất đai (sửa)', active: false, origin: 'admin' });

    const [row] = await queryRows<{ changes: Record<string, unknown> }>(ctx.database.db, sql`SELECT changes FROM audit_log WHERE action = 'domain.updated' AND entity_id = 'land'`);
    expect(row!.changes).toEqual({ name: { from: land.name, to: 'Đất đai (sửa)' }, active: { from: true, to: false }, defaultAgencyCode: { from: land.defaultAgencyCode, to: null } });
    expect((await admin('PATCH', '/khong-co', { active: false })).statusCode).toBe(404);
  });
});
