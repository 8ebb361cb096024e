import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import type { SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, PASSWORD, type Cast } from '../../../test/ticket-fixtures.ts';
import { loadReference } from '../reference/reference.service.ts';
import { createUser, findUserByUsername } from '../users/users.service.ts';

type Unit = {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  ended: boolean;
  emailOnly: boolean;
  email: string | null;
  headName: string | null;
  successorCodes: string[];
  predecessorCodes: string[];
  focalPoints: Array<{ userId: string; username: string; displayName: string }>;
  version: number;
  origin: string;
};

describeEachEngine('organization administration', (ctx) => {
  let cast: Cast;
  const call = (as: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });
  const unit = async (code: string): Promise<Unit> => {
    const res = await call(cast.operator, 'GET', `/org-units/${code}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const list = async (query: string): Promise<Unit[]> => {
    const res = await call(cast.operator, 'GET', `/org-units${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const auditActions = async (entityType: string) =>
    (await queryRows<{ action: string; actor_label: string; changes: Record<string, unknown> }>(
      ctx.database.db,
      sql`SELECT action, actor_label, changes FROM audit_log WHERE entity_type = ${entityType} ORDER BY id`,
    )).map((r) => ({ action: r.action, actor: r.actor_label, changes: r.changes }));
  const userId = async (username: string) => (await findUserByUsername(ctx.database, username))!.id;

  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  describe('reading', () => {
    it('finds units without accents (đ = d) in names, short names, codes and other names, in force today by default', async () => {
      expect((await list(`?q=${encodeURIComponent('so y te')}`)).map((u) => u.code)).toContain('so-y-te');
      expect((await list(`?q=${encodeURIComponent('ĐỒNG THÁP')}`)).length).toBeGreaterThan(5);
      expect((await list(`?q=${encodeURIComponent('dong thap')}`)).map((u) => u.code)).toContain('ubnd-tinh');
      expect((await list('?q=so-xay')).map((u) => u.code)).toEqual(['so-xay-dung']);
      // xã Hòa An ended on 30/6/2025 and became part of phường Cao Lãnh.
      expect((await list(`?q=${encodeURIComponent('Hoa An')}`)).filter((u) => u.ended)).toEqual([]);
      const all = await list(`?q=${encodeURIComponent('Hoa An')}&includeEnded=true`);
      const old = all.find((u) => u.ended && u.successorCodes.includes('phuong-cao-lanh'));
      expect(old).toBeDefined();
      expect((await unit('phuong-cao-lanh')).predecessorCodes).toContain(old!.code);
    });

    it('lists the units in force on a date, and filters by kind', async () => {
      const before = await list('?at=2025-06-30&kind=ward&kind=commune');
      expect(before.length).toBeGreaterThan(10);
      expect(before.map((u) => u.code)).not.toContain('phuong-cao-lanh');
      expect(before.every((u) => u.validTo === '2025-06-30' && u.ended)).toBe(true);
      expect((await call(cast.operator, 'GET', '/org-units?at=2026-02-30')).statusCode).toBe(400);
      const wards = await list('?kind=ward');
      expect(wards.map((u) => u.code)).toContain('phuong-cao-lanh');
      expect(wards.every((u) => u.kind === 'ward' && !u.ended)).toBe(true);
    });

    it('shows one unit with its contacts and origin; an unknown code is 404', async () => {
      expect(await unit('so-y-te')).toMatchObject({ code: 'so-y-te', kind: 'department', parentCode: 'ubnd-tinh', ended: false, emailOnly: false, focalPoints: [], version: 1, origin: 'reference' });
      expect((await call(cast.operator, 'GET', '/org-units/khong-co')).statusCode).toBe(404);
      expect((await call(cast.xdStaff, 'GET', '/org-units/so-y-te')).statusCode).toBe(200);
    });
  });

  describe('creating and editing', () => {
    const newUnit = { code: 'ban-dan-toc', name: '  Ban Dân tộc tỉnh Đồng Tháp ', shortName: 'Ban Dân tộc', kind: 'department', parentCode: 'ubnd-tinh', validFrom: '2026-01-01', email: 'bdt@dongthap.gov.vn', aliases: ['Ban DT'], headName: 'Nguyễn Văn B', headTitle: 'Trưởng ban' };

    it('adds a unit as the administrators’ own, audited; a taken code is refused', async () => {
      const res = await call(cast.admin, 'POST', '/org-units', newUnit);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ code: 'ban-dan-toc', name: 'Ban Dân tộc tỉnh Đồng Tháp', parentCode: 'ubnd-tinh', validTo: null, ended: false, version: 1, origin: 'admin' });
      expect((await list(`?q=${encodeURIComponent('ban dan toc')}`)).map((u) => u.code)).toEqual(['ban-dan-toc']);
      expect((await list('?q=ban%20dt')).map((u) => u.code)).toEqual(['ban-dan-toc']); // another name
      const again = await call(cast.admin, 'POST', '/org-units', { ...newUnit, name: 'Khác' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('org_unit.code_taken');
      expect((await auditActions('org_unit')).filter((a) => a.action === 'org_unit.created')).toEqual([
        expect.objectContaining({ actor: 'adm1', changes: expect.objectContaining({ code: { from: null, to: 'ban-dan-toc' }, parentCode: { from: null, to: 'ubnd-tinh' } }) }),
      ]);
    });

    it('refuses a bad unit with a clear code and saves nothing', async () => {
      const bad: Array<[Record<string, unknown>, number, string]> = [
        [{ validFrom: '2026-05-01', validTo: '2026-04-30' }, 422, 'org_unit.invalid_period'],
        [{ parentCode: 'khong-co' }, 422, 'request.validation_failed'],
        [{ emailOnly: true, email: null }, 422, 'org_unit.email_required'],
        [{ headUserId: '00000000-0000-4000-8000-000000000000' }, 422, 'request.validation_failed'],
        [{ kind: 'galaxy' }, 422, 'request.validation_failed'],
        [{ code: 'Có Dấu' }, 422, 'request.validation_failed'],
        [{ validFrom: '2026-02-30' }, 422, 'request.validation_failed'],
      ];
      for (const [change, status, code] of bad) {
        const res = await call(cast.admin, 'POST', '/org-units', { ...newUnit, code: 'don-vi-loi', ...change });
        expect(res.statusCode, JSON.stringify(change)).toBe(status);
        expect(res.json().code, JSON.stringify(change)).toBe(code);
      }
      expect((await call(cast.admin, 'GET', '/org-units/don-vi-loi')).statusCode).toBe(404);
      expect((await call(cast.operator, 'POST', '/org-units', { ...newUnit, code: 'don-vi-khac' })).statusCode).toBe(403);
    });

    it('edits under the version: a stale version is refused; the reference loader keeps the edit', async () => {
      const before = await unit('so-y-te');
      const head = await userId('yt.focal');
      const res = await call(cast.admin, 'PATCH', '/org-units/so-y-te', { version: before.version, phone: '0277 3851 234', headName: 'Trần Thị C', headTitle: 'Giám đốc', headEmail: 'gd.syt@dongthap.gov.vn', headUserId: head, aliases: ['SYT'] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ phone: '0277 3851 234', headName: 'Trần Thị C', headUserId: head, aliases: ['SYT'], version: before.version + 1, origin: 'admin' });
      const stale = await call(cast.admin, 'PATCH', '/org-units/so-y-te', { version: before.version, name: 'Sở Y tế (cũ)' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('org_unit.version_conflict');
      expect((await unit('so-y-te')).name).toBe(before.name);

      await call(cast.admin, 'PATCH', '/org-units/so-y-te', { version: before.version + 1, name: 'Sở Y tế Đồng Tháp' });
      await loadReference(ctx.database, { force: true });
      expect(await unit('so-y-te')).toMatchObject({ name: 'Sở Y tế Đồng Tháp', headName: 'Trần Thị C', origin: 'admin', version: before.version + 2 });
      const audit = (await auditActions('org_unit')).filter((a) => a.action === 'org_unit.updated');
      expect(audit[0]!.changes).toMatchObject({ phone: { from: null, to: '0277 3851 234' }, headName: { from: null, to: 'Trần Thị C' } });
      expect(audit[1]!.changes).toEqual({ name: { from: before.name, to: 'Sở Y tế Đồng Tháp' } });
    });

    it('refuses a parent that is the unit itself or below it, an email-only unit without email, a period running backwards', async () => {
      const root = await unit('ubnd-tinh');
      const cycle = await call(cast.admin, 'PATCH', '/org-units/ubnd-tinh', { version: root.version, parentCode: 'so-y-te' });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.json()).toMatchObject({ code: 'org_unit.parent_cycle', errors: [{ path: 'parentCode' }] });
      const self = await call(cast.admin, 'PATCH', '/org-units/ubnd-tinh', { version: root.version, parentCode: 'ubnd-tinh' });
      expect(self.json().code).toBe('org_unit.parent_cycle');
      const xd = await unit('so-xay-dung');
      expect((await call(cast.admin, 'PATCH', '/org-units/so-xay-dung', { version: xd.version, emailOnly: true })).json().code).toBe('org_unit.email_required');
      expect((await call(cast.admin, 'PATCH', '/org-units/so-xay-dung', { version: xd.version, validFrom: '2025-07-01', validTo: '2025-01-01' })).json().code).toBe('org_unit.invalid_period');
      expect(await unit('ubnd-tinh')).toMatchObject({ parentCode: root.parentCode, version: root.version, origin: 'reference' });
      expect(await unit('so-xay-dung')).toMatchObject({ emailOnly: false, version: xd.version });
      // With an email it is accepted.
      const ok = await call(cast.admin, 'PATCH', '/org-units/so-xay-dung', { version: xd.version, emailOnly: true, email: 'sxd@dongthap.gov.vn' });
      expect(ok.json()).toMatchObject({ emailOnly: true, email: 'sxd@dongthap.gov.vn' });
      await call(cast.admin, 'PATCH', '/org-units/so-xay-dung', { version: xd.version + 1, emailOnly: false });
    });
  });

  describe('successors', () => {
    it('links a merged unit to the units that took over; refuses itself, unknown, ended units and cycles', async () => {
      const create = async (code: string) =>
        (await call(cast.admin, 'POST', '/org-units', { code, name: `Đơn vị ${code}`, kind: 'office', parentCode: 'ubnd-tinh', validFrom: '2026-01-01' })).json() as Unit;
      const a = await create('don-vi-a');
      const b = await create('don-vi-b');
      const put = (code: string, version: number, successorCodes: string[]) => call(cast.admin, 'PUT', `/org-units/${code}/successors`, { version, successorCodes });

      const refused = async (successorCodes: string[], path: RegExp) => {
        const res = await put('don-vi-a', a.version, successorCodes);
        expect(res.statusCode, successorCodes.join()).toBe(422);
        expect(res.json().code).toBe('org_unit.invalid_successors');
        expect(res.json().errors[0].path).toMatch(path);
        return res.json();
      };
      await refused(['don-vi-a'], /^successorCodes\.0$/);
      await refused(['don-vi-b', 'khong-co'], /^successorCodes\.1$/);
      const ended = await refused(['old-tp-cao-lanh'], /^successorCodes\.0$/);
      expect(ended.detail).toMatch(/hết hiệu lực/);

      const ok = await put('don-vi-a', a.version, ['don-vi-b']);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ successorCodes: ['don-vi-b'], version: a.version + 1, origin: 'admin' });
      expect((await unit('don-vi-b')).predecessorCodes).toEqual(['don-vi-a']);
      expect((await put('don-vi-a', a.version, [])).json().code).toBe('org_unit.version_conflict');

      // b → a would close the loop a → b → a.
      const loop = await put('don-vi-b', b.version, ['don-vi-a']);
      expect(loop.statusCode).toBe(422);
      expect(loop.json().detail).toMatch(/vòng lặp/);
      expect((await unit('don-vi-b')).successorCodes).toEqual([]);

      expect((await auditActions('org_unit')).filter((x) => x.action === 'org_unit.successors_set').map((x) => x.changes)).toEqual([{ successorCodes: { from: [], to: ['don-vi-b'] } }]);
    });

    it('keeps an administrator’s successor links of a shipped unit when the reference data is loaded again', async () => {
      const old = (await list(`?q=${encodeURIComponent('Hoa An')}&includeEnded=true`)).find((u) => u.ended && u.successorCodes.includes('phuong-cao-lanh'))!;
      const res = await call(cast.admin, 'PUT', `/org-units/${old.code}/successors`, { version: old.version, successorCodes: ['phuong-cao-lanh', 'ubnd-tinh'] });
      expect(res.statusCode, res.body).toBe(200);
      await call(cast.admin, 'PUT', `/org-units/${old.code}/successors`, { version: old.version + 1, successorCodes: ['ubnd-tinh'] });
      await loadReference(ctx.database, { force: true });
      expect(await unit(old.code)).toMatchObject({ successorCodes: ['ubnd-tinh'], origin: 'admin', version: old.version + 2 });
      // Units nobody edited still get their shipped links.
      expect((await unit('phuong-cao-lanh')).predecessorCodes.length).toBeGreaterThan(3);
    });
  });

  it('documents the administration routes and their refusals in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const patch = doc.paths['/api/v1/org-units/{code}'].patch;
    expect(patch.tags).toEqual(['organization']);
    expect(patch.description).toMatch(/org_unit\.version_conflict/);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '422']));
    expect(doc.paths['/api/v1/org-units'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['at', 'includeEnded', 'kind', 'q']);
    expect(doc.paths['/api/v1/calendar/exceptions/import'].post.description).toMatch(/calendar\.invalid_days/);
    expect(doc.paths['/api/v1/domains/{code}'].patch.tags).toEqual(['organization']);
  });

  describe('focal points and staff', () => {
    it('names focal points among the unit’s active accounts only', async () => {
      const xd = await unit('so-xay-dung');
      const focal = await userId('xd.focal');
      const other = await userId('yt.focal');
      const gone = (await createUser(ctx.database, { username: 'xd.nghi', displayName: 'Đã nghỉ', roles: ['agency_focal'], orgUnitCode: 'so-xay-dung', password: PASSWORD })).user.id;
      await ctx.database.db.execute(sql`UPDATE users SET status = 'disabled' WHERE id = ${gone}`);

      const bad = await call(cast.admin, 'PUT', '/org-units/so-xay-dung/focal-points', { version: xd.version, userIds: [focal, other, gone] });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ code: 'org_unit.invalid_focal_points', errors: [{ path: 'userIds.1' }, { path: 'userIds.2' }] });
      expect((await unit('so-xay-dung')).focalPoints).toEqual([]);

      const ok = await call(cast.admin, 'PUT', '/org-units/so-xay-dung/focal-points', { version: xd.version, userIds: [focal] });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ focalPoints: [{ userId: focal, username: 'xd.focal', displayName: 'xd.focal' }], version: xd.version + 1 });
      expect((await call(cast.admin, 'PUT', '/org-units/so-xay-dung/focal-points', { version: xd.version, userIds: [] })).statusCode).toBe(409);
      expect((await auditActions('org_unit')).filter((x) => x.action === 'org_unit.focal_points_set').map((x) => x.changes)).toEqual([{ focalPointUserIds: { from: [], to: [focal] } }]);
    });

    it('lists a unit’s active staff for the hotline, and for a focal point only their own unit', async () => {
      const names = async (as: SignedIn, code: string) => {
        const res = await call(as, 'GET', `/org-units/${code}/staff`);
        return res.statusCode === 200 ? (res.json().items as Array<{ username: string; roles: string[] }>).map((u) => u.username).sort() : res.statusCode;
      };
      for (const who of [cast.admin, cast.supervisor, cast.operator, cast.xdFocal]) expect(await names(who, 'so-xay-dung')).toEqual(['xd.focal', 'xd.staff']);
      expect(await names(cast.ytFocal, 'so-xay-dung')).toBe(404);
      expect(await names(cast.ytFocal, 'so-y-te')).toEqual(['yt.focal', 'yt.staff']);
      expect(await names(cast.xdStaff, 'so-xay-dung')).toBe(403);
      expect(await names(cast.leader, 'so-xay-dung')).toBe(403);
      expect(await names(cast.operator, 'khong-co')).toBe(404);
    });
  });
});
