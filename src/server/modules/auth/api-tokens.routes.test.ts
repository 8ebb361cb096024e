import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { signInWithMfa, type SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { createUser } from '../users/users.service.ts';

describeEachEngine('API tokens for machines', (ctx) => {
  let admin: SignedIn;
  const issue = (body: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: admin.headers, payload: body });
  const auditWith = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/audit?limit=1', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    await createUser(ctx.database, { username: 'token.admin', displayName: 'Quản trị', roles: ['admin'], password: 'Quan-tri-token-2026!' });
    admin = await signInWithMfa(ctx.app, 'token.admin', 'Quan-tri-token-2026!', new Map());
  });

  it('shows a new token once, keeps only its hash, and lets it call the routes of its scopes', async () => {
    const res = await issue({ name: 'Thu thập nhật ký (SIEM)', scopes: ['audit:read'] });
    expect(res.statusCode).toBe(201);
    const { token, apiToken } = res.json();
    // The secret is the last 43 characters; it may itself contain '_'.
    const secret = /^t1022_[0-9a-f]{12}_([A-Za-z0-9_-]{43})$/.exec(token)?.[1];
    expect(secret).toBeDefined();
    const stored = await queryRows<{ token_hash: string }>(ctx.database.db, sql`SELECT token_hash FROM api_tokens WHERE id = ${apiToken.id}`);
    expect(stored[0]!.token_hash).not.toContain(secret);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: admin.headers });
    expect(JSON.stringify(list.json())).not.toContain(token);

    const read = await auditWith(token);
    expect(read.statusCode).toBe(200);
    // A staff-only route without the token's scope stays closed.
    const users = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    expect(users.statusCode).toBe(403);
    // What the token did is attributed to it.
    const [row] = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'api_token.created' AND entity_id = ${apiToken.id}`);
    expect(row!.n).toBe(1);
  });

  it('refuses a token without the scope, a revoked one, an expired one and a malformed one', async () => {
    const other = (await issue({ name: 'PBX', scopes: ['calls:write'] })).json();
    expect((await auditWith(other.token)).statusCode).toBe(403);

    const revoked = (await issue({ name: 'Sẽ thu hồi', scopes: ['audit:read'] })).json();
    expect((await auditWith(revoked.token)).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${revoked.apiToken.id}`, headers: admin.headers })).statusCode).toBe(204);
    const after = await auditWith(revoked.token);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.invalid_token');

    const soon = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
    const expiring = (await issue({ name: 'Ngắn hạn', scopes: ['audit:read'], expiresAt: soon })).json();
    expect((await auditWith(expiring.token)).statusCode).toBe(200);
    ctx.clock.advance(61_000);
    expect((await auditWith(expiring.token)).statusCode).toBe(401);

    // A different last character (a fixed 'A' was the same one time in 64: a flaky test).
    const tampered = `${other.token.slice(0, -1)}${other.token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of ['t1022_nope', tampered, 'x'.repeat(5000)]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { authorization: `Bearer ${bad}` } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('auth.invalid_token');
    }
    expect((await issue({ name: 'Quá khứ', scopes: ['audit:read'], expiresAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(422);
    expect((await issue({ name: 'Phạm vi lạ', scopes: ['root'] })).statusCode).toBe(422);
  });

  it('limits each token to its requests per minute', async () => {
    const { token } = (await issue({ name: 'Giới hạn', scopes: ['audit:read'], rateLimitPerMinute: 3 })).json();
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await auditWith(token)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await auditWith(token);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    ctx.clock.advance(60_000);
    expect((await auditWith(token)).statusCode).toBe(200);
  });
});
