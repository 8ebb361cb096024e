import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows, tx } from '../../db/database.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { createUser } from '../users/users.service.ts';
import { AUDIT_CHAINS } from './audit-hash.ts';
import { recordAudit, systemAuditActor, verifyAuditChain } from './audit.service.ts';

describeEachEngine('the audit trail', (ctx) => {
  const count = async () => Number((await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]?.n);
  const tamper = async (statement: ReturnType<typeof sql>) => {
    // As a database superuser would: switch off the append-only trigger first.
    await ctx.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await ctx.database.db.execute(statement);
    await ctx.database.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  };

  beforeAll(async () => {
    for (let i = 0; i < 40; i++) {
      await tx(ctx.database, (t) => recordAudit(t, systemAuditActor, { action: 'test.event', entityType: 'ticket', entityId: `T-${i}`, changes: { status: { from: 'new', to: 'forwarded' }, n: i } }, ctx.clock.now()));
    }
  });

  it('writes exactly one row for a committed change and none for a rolled-back one', async () => {
    const before = await count();
    await tx(ctx.database, (t) => recordAudit(t, systemAuditActor, { action: 'test.commit', entityType: 'ticket', entityId: 'C-1' }, ctx.clock.now()));
    expect(await count()).toBe(before + 1);
    await expect(
      tx(ctx.database, async (t) => {
        await recordAudit(t, systemAuditActor, { action: 'test.rollback', entityType: 'ticket', entityId: 'R-1' }, ctx.clock.now());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before + 1);
  });

  it('verifies an untouched trail, spread over its chains', async () => {
    const result = await verifyAuditChain(ctx.database.db);
    expect(result).toMatchObject({ ok: true });
    expect(result.rowsChecked).toBe(await count());
    const chains = await queryRows<{ chain: number }>(ctx.database.db, sql`SELECT DISTINCT chain FROM audit_log`);
    expect(chains.length).toBeGreaterThan(1);
    expect(chains.every((c) => c.chain < AUDIT_CHAINS)).toBe(true);
  });

  it('hashes in the database exactly as verification does, whatever the text', async () => {
    const hostile = { actorId: 'u-1', actorLabel: 'Nguyễn Văn "Ánh" \\ đ', requestId: 'r:1', ip: '::1', userAgent: 'Mozilla/5.0 ,"seq":-1,"userAgent":"x" 🙂' };
    const changes = { seq: -1, userAgent: 'nested', note: 'Đường ngập nước\n\t<script>', list: [1, 2.5, null, { z: 1, a: 'é' }], deep: { b: { c: 'đ' } } };
    await tx(ctx.database, (t) => recordAudit(t, hostile, { action: 'test.hostile', entityType: 'ticket', entityId: 'H-1', changes }, ctx.clock.now()));
    await tx(ctx.database, (t) => recordAudit(t, { ...hostile, userAgent: null, ip: null }, { action: 'test.hostile', entityType: 'contact', entityId: null }, ctx.clock.now()));
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true });
  });

  it('keeps every chain whole when many transactions append at once', async () => {
    const before = await count();
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        tx(ctx.database, (t) => recordAudit(t, systemAuditActor, { action: 'test.parallel', entityType: 'ticket', entityId: `P-${i % 3}`, changes: { i } }, ctx.clock.now())),
      ),
    );
    expect(await count()).toBe(before + 24);
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true });
  });

  it('refuses updates and deletes at the database', async () => {
    await expect(ctx.database.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow();
    await expect(ctx.database.db.execute(sql`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow();
  });

  it('names the first row that was altered', async () => {
    const [victim] = await queryRows<{ id: number }>(ctx.database.db, sql`SELECT id FROM audit_log WHERE entity_id = 'T-7'`);
    await tamper(sql`UPDATE audit_log SET changes = '{"status":{"from":"new","to":"closed"},"n":7}'::jsonb WHERE id = ${victim!.id}`);
    const result = await verifyAuditChain(ctx.database.db);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ id: Number(victim!.id), problem: 'altered' });
    await tamper(sql`UPDATE audit_log SET changes = '{"status":{"from":"new","to":"forwarded"},"n":7}'::jsonb WHERE id = ${victim!.id}`);
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });

  it('notices rows deleted from the end of a chain (the chain head remembers its last seq)', async () => {
    // The last chain, so that no chain verified before it is broken by the tests below.
    const [last] = await queryRows<{ id: number; chain: number; seq: number }>(
      ctx.database.db,
      sql`SELECT id, chain, seq::int8 AS seq FROM audit_log ORDER BY chain DESC, seq DESC LIMIT 1`,
    );
    await tamper(sql`DELETE FROM audit_log WHERE id = ${last!.id}`);
    const result = await verifyAuditChain(ctx.database.db);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ chain: last!.chain, seq: Number(last!.seq) - 1, problem: 'missing_at_end' });
  });

  it('notices a deleted row and rows swapped out of order', async () => {
    const [row] = await queryRows<{ id: number; chain: number; seq: number }>(ctx.database.db, sql`SELECT id, chain, seq::int8 AS seq FROM audit_log WHERE entity_id = 'T-20'`);
    await tamper(sql`DELETE FROM audit_log WHERE id = ${row!.id}`);
    const deleted = await verifyAuditChain(ctx.database.db);
    expect(deleted.ok).toBe(false);
    expect(deleted.firstBad).toMatchObject({ chain: row!.chain, seq: Number(row!.seq) + 1, problem: 'missing_before' });

    const [a, b] = await queryRows<{ id: number; seq: number }>(ctx.database.db, sql`SELECT id, seq::int8 AS seq FROM audit_log WHERE chain = ${row!.chain} ORDER BY seq LIMIT 2`);
    await tamper(sql`UPDATE audit_log SET seq = -1 WHERE id = ${a!.id}`);
    await tamper(sql`UPDATE audit_log SET seq = ${a!.seq} WHERE id = ${b!.id}`);
    await tamper(sql`UPDATE audit_log SET seq = ${b!.seq} WHERE id = ${a!.id}`);
    const swapped = await verifyAuditChain(ctx.database.db);
    expect(swapped.ok).toBe(false);
  });

  it('can be searched by administrators and leaders only', async () => {
    await createUser(ctx.database, { username: 'ld.tinh', displayName: 'Lãnh đạo', roles: ['leader'], password: 'Lanh-dao-tinh-2026!' });
    await createUser(ctx.database, { username: 'dtv.audit', displayName: 'Điện thoại viên', roles: ['operator'], password: 'Dien-thoai-vien-2026!' });
    const leader = await signIn(ctx.app, 'ld.tinh', 'Lanh-dao-tinh-2026!');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit?action=auth.login&limit=1', headers: { cookie: leader.cookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0].action).toBe('auth.login');
    const operator = await signIn(ctx.app, 'dtv.audit', 'Dien-thoai-vien-2026!');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: operator.cookie } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });
});
