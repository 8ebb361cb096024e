import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { signIn, signInWithMfa, type SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { createUser } from './users.service.ts';

const PASSWORD = 'a-Strong-passphrase-2026';
const SOME_ID = '5b0c3c1e-1d7a-4c53-9d59-6f7f2d5e8a10';

describeEachEngine('administering users', (ctx) => {
  let admin: SignedIn;
  let adminId: string;
  let operator: SignedIn;

  const auditRows = async (entityId: string) =>
    queryRows<{ action: string; changes: Record<string, unknown> | null }>(
      ctx.database.db,
      sql`SELECT action, changes FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`,
    );
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, who: SignedIn | null, payload?: object) =>
    ctx.app.inject({ method, url: `/api/v1/users${url}`, ...(who ? { headers: who.headers } : {}), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    const { user } = await createUser(ctx.database, { username: 'quantri', displayName: 'Quản trị viên', roles: ['admin'], password: PASSWORD });
    adminId = user.id;
    await createUser(ctx.database, { username: 'lan.dtv', displayName: 'Nguyễn Thị Lan', roles: ['operator'], password: PASSWORD });
    admin = await signInWithMfa(ctx.app, 'quantri', PASSWORD, new Map());
    operator = await signIn(ctx.app, 'lan.dtv', PASSWORD);
  });

  it('creates, finds, edits with optimistic locking, disables and resets an account, auditing each change once', async () => {
    const created = await api('POST', '', admin, { username: 'hoa.gsv', displayName: 'Phạm Thị Hòa', email: 'hoa@example.vn', roles: ['supervisor'] });
    expect(created.statusCode).toBe(201);
    const { user, temporaryPassword } = created.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(user).toMatchObject({ username: 'hoa.gsv', status: 'active', mustChangePassword: true, orgUnitCode: 'tong-dai-1022', version: 1 });
    expect(user).not.toHaveProperty('passwordHash');
    expect(user).not.toHaveProperty('mfaSecret');
    expect(await auditRows(user.id)).toEqual([expect.objectContaining({ action: 'user.created' })]);
    expect(JSON.stringify(await auditRows(user.id))).not.toContain(temporaryPassword);

    const list = await api('GET', '?q=hoa&status=active', admin);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((u: { username: string }) => u.username)).toEqual(['hoa.gsv']);
    expect(list.body).not.toMatch(/passwordHash|password_hash|mfaSecret/);
    const byRole = await api('GET', '?role=operator', admin);
    expect(byRole.json().items.map((u: { username: string }) => u.username)).toEqual(['lan.dtv']);

    const got = await api('GET', `/${user.id}`, admin);
    expect(got.statusCode).toBe(200);
    expect(got.json().user.displayName).toBe('Phạm Thị Hòa');

    const patched = await api('PATCH', `/${user.id}`, admin, { version: 1, displayName: 'Phạm Thị Hoà', roles: ['supervisor', 'operator'] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().user).toMatchObject({ displayName: 'Phạm Thị Hoà', roles: ['supervisor', 'operator'], version: 2 });
    const stale = await api('PATCH', `/${user.id}`, admin, { version: 1, displayName: 'Ai đó khác' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('resource.conflict');

    const hoa = await signIn(ctx.app, 'hoa.gsv', temporaryPassword);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: hoa.cookie } })).statusCode).toBe(200);
    const disabled = await api('PATCH', `/${user.id}`, admin, { version: 2, status: 'disabled' });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().user.status).toBe('disabled');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: hoa.cookie } })).statusCode).toBe(401);

    const reset = await api('POST', `/${user.id}/reset-password`, admin);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().temporaryPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(reset.json().temporaryPassword).not.toBe(temporaryPassword);

    const rows = await auditRows(user.id);
    expect(rows.map((r) => r.action)).toEqual(['user.created', 'user.updated', 'user.updated', 'user.password_reset']);
    expect(rows[1]!.changes).toEqual({
      displayName: { from: 'Phạm Thị Hòa', to: 'Phạm Thị Hoà' },
      roles: { from: ['supervisor'], to: ['supervisor', 'operator'] },
    });
    expect(rows[2]!.changes).toEqual({ status: { from: 'active', to: 'disabled' } });
  });

  it('finds people by display name without accents and pages by username', async () => {
    for (const [username, displayName] of [['tuan.a', 'Lê Anh Tuấn'], ['tuan.b', 'Đỗ Minh Tuấn'], ['tuan.c', 'Võ Quốc Tuấn']] as const) {
      expect((await api('POST', '', admin, { username, displayName, roles: ['operator'] })).statusCode).toBe(201);
    }
    const first = await api('GET', '?q=tuan&limit=2', admin);
    expect(first.json().items.map((u: { displayName: string }) => u.displayName)).toEqual(['Lê Anh Tuấn', 'Đỗ Minh Tuấn']);
    const cursor = first.json().nextCursor as string;
    const second = await api('GET', `?q=TUẤN&limit=2&cursor=${encodeURIComponent(cursor)}`, admin);
    expect(second.json()).toMatchObject({ items: [{ username: 'tuan.c' }], nextCursor: null });
    // A cursor no page gave (here one that decodes to NUL bytes: a 500 until fuzzing found it) is a 400.
    for (const forged of [Buffer.from('\u0000ab').toString('base64url'), Buffer.from([0xff, 0xfe]).toString('base64url')]) {
      const res = await api('GET', `?limit=2&cursor=${forged}`, admin);
      expect(res.statusCode, forged).toBe(400);
    }
  });

  it('unlocks an account locked by failed sign-ins', async () => {
    await createUser(ctx.database, { username: 'khoa.dtv', displayName: 'Khóa Thử', roles: ['operator'], password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'khoa.dtv', password: 'sai-mat-khau' }, remoteAddress: '10.9.0.1' });
    }
    const locked = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'khoa.dtv', password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    const id = (await api('GET', '?q=khoa.dtv', admin)).json().items[0].id as string;
    expect((await api('POST', `/${id}/unlock`, admin)).statusCode).toBe(204);
    await signIn(ctx.app, 'khoa.dtv', PASSWORD);
    expect((await auditRows(id)).map((r) => r.action)).toEqual(['user.unlocked']);
  });

  it('does not let an administrator lock themself out', async () => {
    const self = await api('PATCH', `/${adminId}`, admin, { version: 1, status: 'disabled' });
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('user.self_lockout');
    expect(self.json().title).toContain('không thể');
    expect((await api('PATCH', `/${adminId}`, admin, { version: 1, roles: ['supervisor'] })).statusCode).toBe(422);
    // Their own two-factor enrolment is recorded; the refused edits are not.
    expect((await auditRows(adminId)).map((r) => r.action)).toEqual(['user.mfa_enabled']);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await api('GET', `/${SOME_ID}`, admin)).json().code).toBe('resource.not_found');
    expect((await api('PATCH', `/${SOME_ID}`, admin, { version: 1, displayName: 'X' })).statusCode).toBe(404);
    const bad = await api('GET', '/khong-phai-uuid', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('request.invalid_parameters');
  });

  it('refuses unknown fields and bad values with 422', async () => {
    const res = await api('POST', '', admin, { username: 'moi.dtv', displayName: 'Mới', roles: ['operator'], password: 'tu-dat', isRoot: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['password', 'isRoot']));
    expect((await api('POST', '', admin, { username: 'moi.dtv', displayName: 'Mới', roles: ['god'] })).statusCode).toBe(422);
    expect((await api('PATCH', `/${adminId}`, admin, { version: 1, passwordHash: 'x' })).statusCode).toBe(422);
  });

  it('refuses a taken username with 409', async () => {
    const res = await api('POST', '', admin, { username: 'LAN.dtv', displayName: 'Trùng', roles: ['operator'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('user.username_taken');
  });

  const everyRoute: Array<['GET' | 'POST' | 'PATCH', string, object?]> = [
    ['GET', ''],
    ['POST', '', { username: 'x.y.z', displayName: 'X', roles: ['admin'] }],
    ['GET', `/${SOME_ID}`],
    ['PATCH', `/${SOME_ID}`, { version: 1, roles: ['admin'] }],
    ['POST', `/${SOME_ID}/reset-password`],
    ['POST', `/${SOME_ID}/unlock`],
  ];

  it('refuses every route to an operator (403) and to anonymous callers (401)', async () => {
    for (const [method, url, payload] of everyRoute) {
      const asOperator = await api(method, url, operator, payload);
      expect(asOperator.statusCode, `${method} ${url}`).toBe(403);
      expect(asOperator.json().code).toBe('auth.forbidden');
      expect((await api(method, url, null, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
