import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { cookieValue, signIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { createUser } from '../users/users.service.ts';

const PASSWORD = 'Mot-mat-khau-dai-2026';

describeEachEngine('signing in and sessions', (ctx) => {
  const login = (username: string, password: string, ip = '10.0.0.1') =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });
  const auditCount = async (action: string) =>
    Number((await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`))[0]?.n);

  beforeAll(async () => {
    await createUser(ctx.database, { username: 'lan.dtv', displayName: 'Nguyễn Thị Lan', roles: ['operator'], password: PASSWORD });
    await createUser(ctx.database, { username: 'moi.dtv', displayName: 'Trần Văn Mới', roles: ['operator'] });
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Lax, and knows who you are', async () => {
    const res = await login('Lan.DTV', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'lan.dtv', displayName: 'Nguyễn Thị Lan', roles: ['operator'] });
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sessionCookie = setCookie.find((c) => c.startsWith('t1022_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `t1022_session=${cookieValue(setCookie, 't1022_session')}` } });
    expect(me.json().user.username).toBe('lan.dtv');
  });

  it('signs in with the email address instead of the username, in any case', async () => {
    await createUser(ctx.database, { username: 'mai.email', displayName: 'Võ Thị Mai', email: 'mai.vo@dongthap.gov.vn', roles: ['operator'], password: PASSWORD });
    const res = await login('Mai.Vo@DongThap.gov.vn', PASSWORD, '10.0.2.1');
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('mai.email');
    // An address two accounts share signs in neither.
    await createUser(ctx.database, { username: 'mai.email2', displayName: 'Võ Thị Mai (2)', email: 'mai.vo@dongthap.gov.vn', roles: ['operator'], password: PASSWORD });
    expect((await login('mai.vo@dongthap.gov.vn', PASSWORD, '10.0.2.2')).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await login('lan.dtv', 'sai-mat-khau-roi', '10.0.0.2');
    const unknown = await login('khong-ai-ca', 'sai-mat-khau-roi', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('auth.invalid_credentials');
  });

  it('gives a new session id at every sign-in (no fixation) and ends it at logout', async () => {
    const a = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    const b = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    expect(a.cookie).not.toBe(b.cookie);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.headers });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: a.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.session_expired');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: b.cookie } })).statusCode).toBe(200);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const s = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf_failed');
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) } });
    expect(forged.statusCode).toBe(403);
  });

  it('ends a session after 30 idle minutes and after 12 hours in any case', async () => {
    const s = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    ctx.clock.advance(29 * 60_000);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    ctx.clock.advance(31 * 60_000);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);

    const busy = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    for (let h = 0; h < 28; h++) {
      ctx.clock.advance(25 * 60_000); // active all day: 28 × 25 min = 11 h 40 min
      const r = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: busy.cookie } });
      expect(`${h} ${r.statusCode}`).toBe(`${h} 200`);
    }
    ctx.clock.advance(25 * 60_000); // 12 h 05 min after sign-in, active 25 minutes ago
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: busy.cookie } })).statusCode).toBe(401);
  });

  it('locks the account after five failures in a row, whatever the password, until the lock runs out', async () => {
    for (let i = 0; i < 5; i++) expect((await login('lan.dtv', `sai-lan-thu-${i}`, '10.0.1.1')).statusCode).toBe(401);
    const locked = await login('lan.dtv', PASSWORD, '10.0.1.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('auth.too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // An unknown username locks the same way: the lock tells nothing about existence.
    for (let i = 0; i < 5; i++) await login('khong-ton-tai', `sai-${i}`, '10.0.1.3');
    expect((await login('khong-ton-tai', 'bat-ky', '10.0.1.4')).statusCode).toBe(429);
    ctx.clock.advance(2 * 60_000);
    expect((await login('lan.dtv', PASSWORD, '10.0.1.2')).statusCode).toBe(200);
    expect(await auditCount('auth.login_failed')).toBeGreaterThanOrEqual(10);
  });

  it('forces a new user to change the one-time password before anything else', async () => {
    const [row] = await queryRows<{ id: string }>(ctx.database.db, sql`SELECT id FROM users WHERE username = 'moi.dtv'`);
    // The one-time password is unknown here: set a known one the way an admin reset would.
    const { hashPassword } = await import('../users/passwords.ts');
    await ctx.database.db.execute(sql`UPDATE users SET password_hash = ${await hashPassword('Tam-thoi-0001-xyz')}, must_change_password = true WHERE id = ${row!.id}`);
    const s = await signIn(ctx.app, 'moi.dtv', 'Tam-thoi-0001-xyz');
    const sessions = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: s.headers });
    expect(sessions.statusCode).toBe(403);
    expect(sessions.json().code).toBe('auth.password_change_required');

    const weak = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: s.headers, payload: { currentPassword: 'Tam-thoi-0001-xyz', newPassword: 'password1234' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('auth.weak_password');
    const short = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: s.headers, payload: { currentPassword: 'Tam-thoi-0001-xyz', newPassword: 'ngan-qua' } });
    expect(short.json().errors[0].message).toContain('12');
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: s.headers, payload: { currentPassword: 'Tam-thoi-0001-xyz', newPassword: 'Song-nuoc-Dong-Thap-2026' } });
    expect(ok.statusCode).toBe(204);
    const now = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: s.headers });
    expect(now.statusCode).toBe(200);
    expect(now.json().items.some((x: { current: boolean }) => x.current)).toBe(true);
  });

  it('lets a user end another of their own sessions, and not someone else’s', async () => {
    const one = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    const two = await signIn(ctx.app, 'lan.dtv', PASSWORD);
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: one.headers })).json().items as Array<{ id: string; current: boolean }>;
    const other = list.find((x) => !x.current)!;
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}`, headers: one.headers })).statusCode).toBe(204);
    const stranger = await signIn(ctx.app, 'moi.dtv', 'Song-nuoc-Dong-Thap-2026');
    const mine = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: one.headers })).json().items[0].id;
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${mine}`, headers: stranger.headers });
    expect(res.statusCode).toBe(404);
    void two;
  });

  it('never writes a password into the audit trail', async () => {
    const rows = await queryRows<{ changes: unknown }>(ctx.database.db, sql`SELECT changes FROM audit_log`);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('Song-nuoc-Dong-Thap-2026');
  });
});
