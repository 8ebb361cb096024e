import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

describeEachEngine('ticket scope, search, citizen submissions and contacts', (ctx) => {
  let cast: Cast;
  let xdCode: string;
  let ytCode: string;
  const api = ticketApi(ctx, () => cast.operator);
  const list = (as: { headers: Record<string, string> }, query: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?${query}`, headers: as.headers });

  beforeAll(async () => {
    cast = await castOf(ctx);
    const xd = await api.create(cast.operator, { content: 'Đất đai: tranh chấp ranh giới đất ở ấp Mỹ Đông, xã Mỹ Thọ, đề nghị đo đạc lại.', domainCode: 'land' });
    await api.act(cast.operator, xd.code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    const yt = await api.create(cast.operator, { content: 'Trạm y tế phường Mỹ Phú đóng cửa sớm vào chiều thứ Sáu.', contact: { name: 'Lê Thị Hoa', phone: '0977 111 222' } });
    await api.act(cast.operator, yt.code, 'forward', { leadAgencyCode: 'so-y-te' });
    xdCode = xd.code;
    ytCode = yt.code;
  });

  it('keeps each agency to its own tickets through every route (no IDOR)', async () => {
    expect((await api.get(cast.ytFocal, xdCode)).statusCode).toBe(404);
    expect((await api.get(cast.ytStaff, xdCode)).statusCode).toBe(404);
    expect((await api.act(cast.ytFocal, xdCode, 'accept', { version: 2 })).statusCode).toBe(404);
    expect((await api.act(cast.ytFocal, xdCode, 'comment', { version: 2, note: 'x' })).statusCode).toBe(404);
    const codes = (await list(cast.ytFocal, 'limit=200')).json().items.map((t: { code: string }) => t.code);
    expect(codes).toContain(ytCode);
    expect(codes).not.toContain(xdCode);
    expect((await list(cast.ytFocal, `q=${encodeURIComponent('tranh chấp ranh giới')}`)).json().items).toHaveLength(0);
    expect((await list(cast.ytFocal, `q=${xdCode}`)).json().items).toHaveLength(0);
    const counts = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets/counts', headers: cast.ytFocal.headers })).json().counts;
    expect(counts.forwarded).toBe(1);
    // The agency's own ticket is there, and its public tracking does not need an account.
    expect((await api.get(cast.xdFocal, xdCode)).statusCode).toBe(200);
    // Leaders read everything and change nothing.
    expect((await api.get(cast.leader, xdCode)).statusCode).toBe(200);
    expect((await api.act(cast.leader, xdCode, 'comment', { note: 'x' })).statusCode).toBe(403);
  });

  it('answers reads made at the same time each within the scope of its own caller (they share database queries)', async () => {
    const reads = [
      [cast.ytFocal, xdCode, 404],
      [cast.xdFocal, xdCode, 200],
      [cast.ytFocal, ytCode, 200],
      [cast.operator, xdCode, 200],
      [cast.xdStaff, ytCode, 404],
      [cast.operator, '1022-2026-999999', 404],
      [cast.ytStaff, xdCode, 404],
      [cast.leader, ytCode, 200],
    ] as const;
    const answers = await Promise.all([...reads, ...reads, ...reads].map(([who, code]) => api.get(who, code)));
    expect(answers.map((a) => a.statusCode)).toEqual([...reads, ...reads, ...reads].map(([, , status]) => status));
    for (const [i, a] of answers.entries()) if (a.statusCode === 200) expect(a.body.code).toBe(reads[i % reads.length]![1]);
  });

  it.runIf(ctx.engine === 'pglite')('reads tickets on PGlite with statements it planned once (planning each read cost six times the read)', async () => {
    const tracked = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${ytCode}?phone=0977111222` });
    expect(tracked.statusCode).toBe(200);
    expect((await api.get(cast.operator, xdCode)).statusCode).toBe(200);
    expect((await api.get(cast.operator, ytCode)).statusCode).toBe(200);
    // PGlite is one session: the statements prepared by name are listed there, with the plans made for them.
    const prepared = await queryRows<{ name: string; runs: number }>(
      ctx.database.db,
      sql`SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'ticket_history_%' ORDER BY name`,
    );
    expect(prepared.map((p) => p.name)).toEqual(['ticket_history_full', 'ticket_history_public']);
    expect(prepared.find((p) => p.name === 'ticket_history_full')!.runs).toBeGreaterThanOrEqual(2);
  });

  it('finds tickets without accents, with đ = d, from NFD input, by code and by phone', async () => {
    const find = async (q: string) => (await list(cast.operator, `q=${encodeURIComponent(q)}`)).json().items.map((t: { code: string }) => t.code);
    expect(await find('dat dai tranh chap')).toContain(xdCode);
    expect(await find('ĐẤT ĐAI')).toContain(xdCode);
    expect(await find('đất đai'.normalize('NFD'))).toContain(xdCode);
    expect(await find('tram y te')).toEqual([ytCode]);
    expect(await find(ytCode)).toEqual([ytCode]);
    expect(await find('0977111222')).toContain(ytCode);
    expect(await find('Le Thi Hoa')).toContain(ytCode);
    expect(await find('khong co tu nay')).toEqual([]);
  });

  it('filters and pages through results without repeats', async () => {
    for (let i = 0; i < 5; i++) await api.create(cast.operator, { channel: 'zalo', content: `Phản ánh qua Zalo số ${i}: đèn đường hỏng ở khóm ${i}.` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(cast.operator, `channel=zalo&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      seen.push(...body.items.map((t: { code: string }) => t.code));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const byAgency = (await list(cast.operator, 'agency=so-y-te')).json().items.map((t: { code: string }) => t.code);
    expect(byAgency).toEqual([ytCode]);
    expect((await list(cast.operator, 'status=bogus')).statusCode).toBe(400);
    expect((await list(cast.operator, 'cursor=not-a-cursor')).statusCode).toBe(400);
    // An assignee is a user id or "me"; anything else is a 400 (it reached SQL as a uuid, a 500 found by fuzzing).
    expect((await list(cast.operator, `assignee=${encodeURIComponent("' OR 1=1 --")}`)).statusCode).toBe(400);
    expect((await list(cast.operator, 'assignee=me')).statusCode).toBe(200);
    expect((await list(cast.operator, 'assignee=00000000-0000-4000-8000-000000000000')).json()).toMatchObject({ items: [] });
    // A leap second is RFC 3339 but no JavaScript date: a 400, not a 500 (found by fuzzing); the second before is a date.
    expect((await list(cast.operator, 'to=2026-12-31T23:59:60Z')).statusCode).toBe(400);
    expect((await list(cast.operator, 'to=2026-12-31T23:59:59Z')).statusCode).toBe(200);
  });

  it('shows personal data masked in lists and in clear only through an audited reveal', async () => {
    const item = (await list(cast.operator, `q=${ytCode}`)).json().items[0];
    expect(item).toMatchObject({ contactName: 'Lê T** H**', contactPhone: '097****222' });
    const ticket = (await api.get(cast.operator, ytCode)).body as unknown as { contactId: string };
    const reveal = await ctx.app.inject({ method: 'POST', url: `/api/v1/contacts/${ticket.contactId}/reveal`, headers: cast.operator.headers, payload: { reason: 'Gọi lại cho người dân' } });
    expect(reveal.json()).toMatchObject({ name: 'Lê Thị Hoa', phones: ['+84977111222'], masked: false });
    const [row] = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'contact.revealed' AND entity_id = ${ticket.contactId}`);
    expect(row!.n).toBe(1);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/contacts/${ticket.contactId}/reveal`, headers: cast.ytFocal.headers, payload: { reason: 'x' } })).statusCode).toBe(403);
  });

  it('shows a caller’s history on the call panel, and merges two contacts of one person', async () => {
    const panel = (await ctx.app.inject({ method: 'GET', url: '/api/v1/contacts/lookup?phone=%2B84977111222', headers: cast.operator.headers })).json();
    expect(panel.contact.name).toBe('Lê T** H**');
    expect(panel.tickets.map((t: { code: string }) => t.code)).toContain(ytCode);
    expect(panel.interactions.length).toBeGreaterThan(0);
    const unknown = (await ctx.app.inject({ method: 'GET', url: '/api/v1/contacts/lookup?phone=0911000000', headers: cast.operator.headers })).json();
    expect(unknown.contact).toBeNull();

    const other = await api.create(cast.operator, { contact: { name: 'Hoa Lê', phone: '0388 999 000' } });
    const source = (await api.get(cast.operator, other.code)).body as unknown as { contactId: string };
    const merged = await ctx.app.inject({ method: 'POST', url: `/api/v1/contacts/${source.contactId}/merge`, headers: cast.operator.headers, payload: { targetId: panel.contact.id } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().phones).toHaveLength(2);
    const after = (await ctx.app.inject({ method: 'GET', url: '/api/v1/contacts/lookup?phone=0388999000', headers: cast.operator.headers })).json();
    expect(after.tickets.map((t: { code: string }) => t.code)).toEqual(expect.arrayContaining([ytCode, other.code]));
  });

  it('makes one ticket of a citizen submission retried with the same Idempotency-Key', async () => {
    const body = { name: 'Phạm Văn Tư', phone: '0912 000 111', content: 'Đề nghị sửa cầu khỉ ở ấp Tân Hòa, xã Tân Hồng.', publicConsent: false, consent: true, domainCode: 'transport' };
    const send = (payload: object, key = 'web-7f3c1d9e-0001') => ctx.app.inject({ method: 'POST', url: '/api/v1/public/tickets', headers: { 'idempotency-key': key }, payload });
    const first = await send(body);
    expect(first.statusCode).toBe(201);
    const retries = await Promise.all([send(body), send(body), send(body)]);
    for (const r of retries) {
      expect(r.statusCode).toBe(200);
      expect(r.json().code).toBe(first.json().code);
    }
    expect((await send({ ...body, content: 'Nội dung khác hẳn, cùng một khóa.' })).json().code).toBe('idempotency.key_reused');
    const [row] = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM tickets WHERE content = ${body.content}`);
    expect(row!.n).toBe(1);
    // Consent is required; an impossible phone number is refused.
    expect((await send({ ...body, consent: false }, 'web-7f3c1d9e-0002')).statusCode).toBe(422);
    expect((await send({ ...body, phone: '12' }, 'web-7f3c1d9e-0003')).statusCode).toBe(422);
    const tracked = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${first.json().code}?phone=%2B84912000111` });
    expect(tracked.json()).toMatchObject({ status: 'new', statusLabel: 'Mới tiếp nhận', answer: null });
  });
});
