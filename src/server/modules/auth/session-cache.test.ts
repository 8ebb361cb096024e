import { sql } from 'drizzle-orm';
import { beforeAll, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { signIn, signInWithMfa, type SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { createUser } from '../users/users.service.ts';
import { SESSION_CACHE_MS } from './session-cache.ts';

const PASSWORD = 'Mot-mat-khau-dai-2026';

// Sessions are cached for SESSION_CACHE_MS: each test first uses a session (so it is cached),
// then changes sign-in state, and expects the very next request to see the change.
describeEachEngine('cached sessions', (ctx) => {
  let admin: SignedIn;
  const me = (who: SignedIn) => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: who.cookie } });
  const userId = async (username: string) => (await queryRows<{ id: string }>(ctx.database.db, sql`SELECT id FROM users WHERE username = ${username}`))[0]!.id;
  const version = async (id: string) => (await queryRows<{ version: number }>(ctx.database.db, sql`SELECT version FROM users WHERE id = ${id}`))[0]!.version;
  const patchUser = async (username: string, patch: object) => {
    const id = await userId(username);
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.headers, payload: { version: await version(id), ...patch } });
    expect(res.statusCode).toBe(200);
  };

  beforeAll(async () => {
    await createUser(ctx.database, { username: 'quantri.cache', displayName: 'Quản trị viên', roles: ['admin'], password: PASSWORD });
    for (const u of ['an.cache', 'binh.cache', 'chi.cache', 'dung.cache', 'em.cache']) {
      await createUser(ctx.database, { username: u, displayName: 'Điện thoại viên', roles: ['operator'], password: PASSWORD });
    }
    admin = await signInWithMfa(ctx.app, 'quantri.cache', PASSWORD, new Map());
  });

  it('refuses a session ended from another of the same user\'s sessions at once', async () => {
    const phone = await signIn(ctx.app, 'an.cache', PASSWORD);
    const desk = await signIn(ctx.app, 'an.cache', PASSWORD);
    expect((await me(phone)).statusCode).toBe(200);
    const sessions = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie: desk.cookie } });
    const other = (sessions.json().items as Array<{ id: string; current: boolean }>).find((s) => !s.current)!;
    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}`, headers: desk.headers });
    expect(revoked.statusCode).toBe(204);
    const after = await me(phone);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.session_expired');
    expect((await me(desk)).statusCode).toBe(200);
  });

  it('applies a role change by the administrator to the next request', async () => {
    const s = await signIn(ctx.app, 'binh.cache', PASSWORD);
    const tickets = () => ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?limit=1', headers: { cookie: s.cookie } });
    expect((await tickets()).statusCode).toBe(200);
    // A supervisor must enrol two-factor before anything else.
    await patchUser('binh.cache', { roles: ['supervisor'] });
    const refused = await tickets();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.mfa_enrolment_required');
    expect((await me(s)).json().user.roles).toEqual(['supervisor']);
  });

  it('refuses the sessions of a disabled account, and of one whose password the administrator reset, at once', async () => {
    const s = await signIn(ctx.app, 'chi.cache', PASSWORD);
    expect((await me(s)).statusCode).toBe(200);
    await patchUser('chi.cache', { status: 'disabled' });
    expect((await me(s)).statusCode).toBe(401);

    const t = await signIn(ctx.app, 'dung.cache', PASSWORD);
    expect((await me(t)).statusCode).toBe(200);
    const reset = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${await userId('dung.cache')}/reset-password`, headers: admin.headers });
    expect(reset.statusCode).toBe(200);
    expect((await me(t)).statusCode).toBe(401);
  });

  it('sees a session ended by another copy of the server within SESSION_CACHE_MS', async () => {
    const s = await signIn(ctx.app, 'em.cache', PASSWORD);
    expect((await me(s)).statusCode).toBe(200);
    // Another copy behind the load balancer ended it: this copy's cache was not told.
    await ctx.database.db.execute(sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${await userId('em.cache')}`);
    const realNow = Date.now();
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow + SESSION_CACHE_MS + 1);
    try {
      expect((await me(s)).statusCode).toBe(401);
    } finally {
      spy.mockRestore();
    }
  });
});
