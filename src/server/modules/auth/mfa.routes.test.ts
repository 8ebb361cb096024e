import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { enrolMfa, signIn, signInWithMfa, totpCode } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { createUser } from '../users/users.service.ts';

const PASSWORD = 'Hai-lop-bao-ve-2026!';

describeEachEngine('two-factor authentication', (ctx) => {
  const login = (username: string, otp?: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD, ...(otp ? { otp } : {}) } });

  beforeAll(async () => {
    await createUser(ctx.database, { username: 'tuan.dtv', displayName: 'Lê Văn Tuấn', roles: ['operator'], password: PASSWORD });
    await createUser(ctx.database, { username: 'mai.qt', displayName: 'Võ Thị Mai', roles: ['admin'], password: PASSWORD });
    await createUser(ctx.database, { username: 'binh.dtv', displayName: 'Đỗ Văn Bình', roles: ['operator'], password: PASSWORD });
  });

  it('enrols with a first code, then asks for a code at every sign-in and never accepts one twice', async () => {
    const first = await signIn(ctx.app, 'tuan.dtv', PASSWORD);
    const setup = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: first.headers });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/confirm', headers: first.headers, payload: { otp: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.otp_invalid');
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/confirm', headers: first.headers, payload: { otp: totpCode(ctx.app, secret) } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);

    // The secret is kept sealed, never in clear.
    const [row] = await queryRows<{ mfa_secret: string }>(ctx.database.db, sql`SELECT mfa_secret FROM users WHERE username = 'tuan.dtv'`);
    expect(row!.mfa_secret).not.toContain(secret);

    const noCode = await login('tuan.dtv');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('auth.otp_required');
    const code = totpCode(ctx.app, secret);
    expect((await login('tuan.dtv', code)).statusCode).toBe(200);
    const replay = await login('tuan.dtv', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.otp_invalid');
    // A code from a minute ago is refused too.
    const old = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: ctx.clock.now().getTime() - 90_000 });
    expect((await login('tuan.dtv', old)).statusCode).toBe(401);
  });

  it('accepts each recovery code once, and renewing them retires the old ones', async () => {
    const s = await signIn(ctx.app, 'binh.dtv', PASSWORD);
    const { secret, recoveryCodes } = await enrolMfa(ctx.app, s);
    expect((await login('binh.dtv', recoveryCodes[0])).statusCode).toBe(200);
    expect((await login('binh.dtv', recoveryCodes[0])).statusCode).toBe(401);
    expect((await login('binh.dtv', recoveryCodes[1]!.toLowerCase())).statusCode).toBe(200);
    const state = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/mfa', headers: s.headers });
    expect(state.json().recoveryCodesLeft).toBe(8);

    const renewed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/recovery-codes', headers: s.headers, payload: { otp: totpCode(ctx.app, secret) } });
    expect(renewed.statusCode).toBe(200);
    expect((await login('binh.dtv', recoveryCodes[2])).statusCode).toBe(401);
    expect((await login('binh.dtv', renewed.json().recoveryCodes[0])).statusCode).toBe(200);
  });

  it('makes an administrator enrol before doing anything else', async () => {
    const s = await signIn(ctx.app, 'mai.qt', PASSWORD);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    expect(me.json().user).toMatchObject({ mfaRequired: true, mfaEnabled: false });
    const blocked = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: s.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.mfa_enrolment_required');
    await enrolMfa(ctx.app, s);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: s.headers })).statusCode).toBe(200);
  });

  it('lets an administrator reset the two-factor of a user who lost the phone', async () => {
    const secrets = new Map<string, string>();
    const admin = await signInWithMfa(ctx.app, 'mai.qt', PASSWORD, new Map([['mai.qt', (await adminSecret())!]]));
    const user = await signInWithMfa(ctx.app, 'tuan.dtv', PASSWORD, secrets.set('tuan.dtv', (await secretOf('tuan.dtv'))!));
    const [row] = await queryRows<{ id: string }>(ctx.database.db, sql`SELECT id FROM users WHERE username = 'tuan.dtv'`);
    const reset = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${row!.id}/reset-mfa`, headers: admin.headers });
    expect(reset.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
    expect((await login('tuan.dtv')).statusCode).toBe(200);
    const audit = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.mfa_reset' AND entity_id = ${row!.id}`);
    expect(audit[0]!.n).toBe(1);
  });

  // The tests above enrolled through the API; read back the secrets they used.
  const secretOf = async (username: string) => {
    const [r] = await queryRows<{ mfa_secret: string }>(ctx.database.db, sql`SELECT mfa_secret FROM users WHERE username = ${username}`);
    return r ? ctx.app.deps.secrets.open(r.mfa_secret) : undefined;
  };
  const adminSecret = () => secretOf('mai.qt');
});
