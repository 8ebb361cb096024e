import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

describeEachEngine('the ticket’s life', (ctx) => {
  let cast: Cast;
  const api = ticketApi(ctx, () => cast.operator);
  beforeAll(async () => {
    cast = await castOf(ctx);
  });

  it('files a ticket from a call in one request: contact, interaction, code, history, audit', async () => {
    const ticket = await api.create(cast.operator, {
      interaction: { call: { callerNumber: '0912345678', startedAt: '2026-03-02T01:58:00Z', endedAt: '2026-03-02T02:01:30Z', disposition: 'answered' } },
    });
    expect(ticket.code).toMatch(/^1022-2026-\d{6}$/);
    expect(ticket).toMatchObject({ status: 'new', originChannel: 'phone_in', contactPhone: '091****678', contactName: 'Nguyễn V** A*' });
    expect(ticket.title).toBe('Đường Nguyễn Huệ, phường Cao Lãnh bị ngập nước sau mưa, xe máy không đi được.');
    // The answer to the creation (built without reading back) is the ticket as it is read.
    expect(ticket).toEqual((await api.get(cast.operator, ticket.code)).body);
    const withDomain = await api.create(cast.operator, { domainCode: 'land' });
    expect(withDomain).toEqual((await api.get(cast.operator, withDomain.code)).body);
    const [call] = await queryRows<{ call_duration_seconds: number; ticket_id: string }>(ctx.database.db, sql`SELECT call_duration_seconds, ticket_id FROM interactions WHERE ticket_id = ${ticket.id}`);
    expect(call).toMatchObject({ call_duration_seconds: 210 });
    const [audit] = await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${ticket.id} AND action = 'ticket.created'`);
    expect(audit!.n).toBe(1);
    // The same caller again is the same contact.
    const again = await api.create(cast.operator, { contact: { phone: '+84 912 345 678' } });
    expect(again.contactId).toBe(ticket.contactId);
  });

  it('refuses an unknown domain or commune, or a call longer than a day, with 422 naming the field, and writes nothing, not even a code', async () => {
    const rows = async () =>
      (await queryRows<{ n: number }>(ctx.database.db, sql`SELECT (SELECT count(*) FROM interactions) + (SELECT count(*) FROM contacts) + (SELECT count(*) FROM audit_log) AS n`))[0]!.n;
    const before = await api.create(cast.operator);
    const written = await rows();
    for (const [field, body] of [
      ['domainCode', { domainCode: 'khong-co-linh-vuc' }],
      ['communeCode', { communeCode: 'XA-KHONG-CO' }],
      // Seventy years of call: a 500 (past PostgreSQL's integer) until fuzzing found it.
      ['interaction.call.endedAt', { interaction: { call: { startedAt: '1960-01-01T00:00:00Z', endedAt: '2030-01-01T00:00:00Z' } } }],
      ['interaction.call.endedAt', { interaction: { call: { startedAt: '2026-03-02T01:58:00Z', endedAt: '2026-03-03T02:00:00Z' } } }],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: cast.operator.headers,
        payload: { type: 'feedback', channel: 'phone_in', content: 'Nội dung thử', contact: { name: 'Trần Thị Bình', phone: '0987 654 321' }, ...body },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ path: field })]);
    }
    expect(await rows()).toBe(written);
    const after = await api.create(cast.operator);
    expect(Number(after.code.slice(-6))).toBe(Number(before.code.slice(-6)) + 1);
  });

  it('goes from a call to a closed ticket: forward, accept, assign, draft, submit, approve, reply, rate', async () => {
    const { code } = await api.create(cast.operator);
    expect((await api.act(cast.operator, code, 'classify', { type: 'feedback', domainCode: 'construction', priority: 'high' })).statusCode).toBe(200);
    const fwd = await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung', cooperatingAgencyCodes: ['so-y-te'] });
    expect(fwd.body).toMatchObject({ status: 'forwarded', leadAgencyCode: 'so-xay-dung', cooperatingAgencyCodes: ['so-y-te'] });
    expect((await api.act(cast.xdFocal, code, 'accept')).body.status).toBe('in_progress');
    expect((await api.act(cast.xdFocal, code, 'assign', { assigneeId: cast.xdStaff.id })).body.assigneeId).toBe(cast.xdStaff.id);
    expect((await api.act(cast.xdStaff, code, 'draft-answer', { draft: 'Sở Xây dựng đã yêu cầu nạo vét cống trên đường Nguyễn Huệ; hoàn thành trước 15/3.' })).statusCode).toBe(200);
    // Staff draft, the focal point submits.
    expect((await api.act(cast.xdStaff, code, 'submit-answer')).statusCode).toBe(403);
    expect((await api.act(cast.xdFocal, code, 'submit-answer')).body.status).toBe('answer_submitted');
    const approved = await api.act(cast.operator, code, 'approve');
    expect(approved.body).toMatchObject({ status: 'answered', answer: 'Sở Xây dựng đã yêu cầu nạo vét cống trên đường Nguyễn Huệ; hoàn thành trước 15/3.' });
    expect((await api.act(cast.operator, code, 'reply')).body.repliedAt).toBeTruthy();

    const tracked = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${code}?phone=0912345678` });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({ status: 'answered', statusLabel: 'Đã trả lời', canRate: true });
    expect(tracked.json().answer).toContain('nạo vét');
    // Internal events (assignment, drafts) are not shown to the citizen.
    expect(tracked.json().events.map((e: { action: string }) => e.action)).not.toContain('assign');

    const rated = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${code}/rating`, payload: { phone: '0912 345 678', score: 5, comment: 'Cảm ơn' } });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'closed', satisfaction: 5 });
    const history = (await api.get(cast.operator, code)).body.events as Array<{ action: string }>;
    expect(history.map((e) => e.action)).toEqual(['created', 'classify', 'forward', 'accept', 'assign', 'draft-answer', 'submit-answer', 'approve', 'reply', 'rate']);
  });

  it('lets an agency return a ticket that is not theirs, and the operator re-route it', async () => {
    const { code } = await api.create(cast.operator);
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
    const returned = await api.act(cast.ytFocal, code, 'return', { reason: 'Nội dung thuộc lĩnh vực xây dựng, không phải y tế.' });
    expect(returned.body.status).toBe('returned');
    // The returning agency still reads what it handled, and can no longer act on it.
    expect((await api.get(cast.ytFocal, code)).statusCode).toBe(200);
    expect((await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' })).body.status).toBe('forwarded');
    expect((await api.act(cast.ytFocal, code, 'accept')).statusCode).toBe(403);
    expect((await api.act(cast.xdFocal, code, 'accept')).statusCode).toBe(200);
  });

  it('lets only the agencies handling a ticket now add to it, not one that returned it', async () => {
    const { code } = await api.create(cast.operator);
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
    await api.act(cast.ytFocal, code, 'return', { reason: 'Không thuộc lĩnh vực y tế.' });
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung', cooperatingAgencyCodes: ['so-noi-vu'] });
    await api.act(cast.xdFocal, code, 'accept');
    await api.act(cast.xdFocal, code, 'request-info', { question: 'Xin số nhà.' });
    // Sở Y tế still reads the ticket it handled, but may not change it.
    expect((await api.get(cast.ytStaff, code)).statusCode).toBe(200);
    expect((await api.act(cast.ytFocal, code, 'comment', { note: 'Ghi chú' })).statusCode).toBe(403);
    expect((await api.act(cast.ytStaff, code, 'citizen-replied', { reply: 'Số 12' })).statusCode).toBe(403);
    expect((await api.act(cast.xdFocal, code, 'citizen-replied', { reply: 'Số 12' })).body.status).toBe('in_progress');
  });

  it('refuses an action from the wrong state with 409 naming the current state', async () => {
    const { code } = await api.create(cast.operator);
    const res = await api.act(cast.operator, code, 'approve');
    expect(res.statusCode).toBe(409);
    expect(res.body.code).toBe('ticket.invalid_transition');
    expect(String(res.body.detail)).toContain('"new"');
  });

  it('refuses forwarding to a unit that ended in the 2025 reform, naming its successors', async () => {
    const { code } = await api.create(cast.operator);
    const res = await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'old-tp-cao-lanh' });
    expect(res.statusCode).toBe(422);
    expect(res.body.code).toBe('ticket.agency_ended');
    expect(String(res.body.detail)).toContain('phuong-cao-lanh');
  });

  it('lets two operators act at once: one wins, the other gets 409, nothing is lost', async () => {
    const { code, version } = await api.create(cast.operator);
    const [a, b] = await Promise.all([
      api.act(cast.operator, code, 'comment', { version, note: 'Ghi chú của điện thoại viên 1' }),
      api.act(cast.operator2, code, 'comment', { version, note: 'Ghi chú của điện thoại viên 2' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.body.code).toBe('ticket.version_conflict');
    const events = (await api.get(cast.operator, code)).body.events as Array<{ action: string }>;
    expect(events.filter((e) => e.action === 'comment')).toHaveLength(1);
  });

  it('gives every ticket of a year the next number, without gaps or repeats, under parallel creation', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, () => api.create(cast.operator)));
    const numbers = created.map((t) => Number(t.code.slice(-6))).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
  });

  it('rejects out-of-scope matters with the guidance category, and pauses for the citizen', async () => {
    const { code } = await api.create(cast.operator);
    const missing = await api.act(cast.operator, code, 'reject', { reason: 'out_of_scope' });
    expect(missing.statusCode).toBe(422);
    const rejected = await api.act(cast.operator, code, 'reject', { reason: 'out_of_scope', outOfScopeCode: 'complaint' });
    expect(rejected.body).toMatchObject({ status: 'rejected', outOfScopeCode: 'complaint' });

    const other = await api.create(cast.operator);
    await api.act(cast.operator, other.code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, other.code, 'accept');
    expect((await api.act(cast.xdFocal, other.code, 'request-info', { question: 'Xin cho biết số nhà cụ thể.' })).body.status).toBe('waiting_citizen');
    const info = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${other.code}/info`, payload: { phone: '0912345678', reply: 'Trước số nhà 123.' } });
    expect(info.json().status).toBe('in_progress');
  });

  it('copies the master’s answer to its duplicates, and a link can be undone', async () => {
    const master = await api.create(cast.operator);
    const dup = await api.create(cast.operator, { contact: { name: 'Trần Thị Bé', phone: '0987654321' } });
    const other = await api.create(cast.operator);
    expect((await api.act(cast.operator, dup.code, 'link-duplicate', { masterCode: master.code })).body).toMatchObject({ status: 'rejected', duplicateOfCode: master.code });
    await api.act(cast.operator, other.code, 'link-duplicate', { masterCode: master.code });
    expect((await api.act(cast.operator, other.code, 'unlink-duplicate')).body.status).toBe('new');
    await api.act(cast.operator, master.code, 'answer', { answer: 'Đã có kế hoạch sửa chữa trong quý II.' });
    expect((await api.get(cast.operator, dup.code)).body.answer).toBe('Đã có kế hoạch sửa chữa trong quý II.');
    expect((await api.get(cast.operator, other.code)).body.answer).toBeNull();
    const tracked = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${dup.code}?phone=0987654321` });
    expect(tracked.json().answer).toBe('Đã có kế hoạch sửa chữa trong quý II.');
  });

  it('lets an unsatisfied citizen reopen within the window, as many times as allowed', async () => {
    const { code } = await api.create(cast.operator);
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, code, 'accept');
    await api.act(cast.xdFocal, code, 'submit-answer', { answer: 'Đã xử lý.' });
    await api.act(cast.operator, code, 'approve');
    const reopen = () => ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${code}/reopen`, payload: { phone: '0912345678', reason: 'Vẫn còn ngập, chưa xử lý.' } });
    const canReopen = async () => (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${code}?phone=0912345678` })).json().canReopen;
    expect(await canReopen()).toBe(true);
    const first = await reopen();
    expect(first.json()).toMatchObject({ status: 'forwarded' });
    expect((await api.get(cast.operator, code)).body.reopenCount).toBe(1);
    await api.act(cast.xdFocal, code, 'accept');
    await api.act(cast.xdFocal, code, 'submit-answer', { answer: 'Đã nạo vét lần hai.' });
    await api.act(cast.operator, code, 'approve');
    expect((await reopen()).statusCode).toBe(200);
    await api.act(cast.xdFocal, code, 'accept');
    await api.act(cast.xdFocal, code, 'submit-answer', { answer: 'Đã hoàn tất.' });
    await api.act(cast.operator, code, 'approve');
    expect(await canReopen()).toBe(false);
    const third = await reopen();
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe('ticket.reopen_not_allowed');
    // A wrong phone number looks like a missing ticket.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${code}?phone=0900000000` })).statusCode).toBe(404);
  });

  it('does not reopen a ticket the hotline answered itself, even one an agency returned before: no agency would take it', async () => {
    const phone = '0912345678';
    const direct = await api.create(cast.operator);
    await api.act(cast.operator, direct.code, 'answer', { answer: 'Hồ sơ nộp tại bộ phận một cửa.' });
    // Found by the lifecycle fuzzer: forwarded, returned by the agency, answered by the hotline, then
    // reopened, it went "forwarded" to the agency that had returned it, which could not accept it (403).
    const returned = await api.create(cast.operator);
    await api.act(cast.operator, returned.code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, returned.code, 'return', { reason: 'Không thuộc thẩm quyền của Sở.' });
    await api.act(cast.operator, returned.code, 'answer', { answer: 'Việc này do UBND phường giải quyết.' });
    for (const { code } of [direct, returned]) {
      const before = (await api.get(cast.operator, code)).body;
      const tracked = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tickets/${code}?phone=${phone}` });
      expect(tracked.json()).toMatchObject({ status: 'answered', canReopen: false });
      const byCitizen = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/tickets/${code}/reopen`, payload: { phone, reason: 'Chưa hài lòng với câu trả lời.' } });
      expect(byCitizen.statusCode).toBe(409);
      expect(byCitizen.json().code).toBe('ticket.invalid_transition');
      const byOperator = await api.act(cast.operator, code, 'reopen', { reason: 'Người dân gọi lại, chưa hài lòng.' });
      expect(byOperator.statusCode).toBe(409);
      expect((await api.get(cast.operator, code)).body).toEqual(before);
    }
  });
});
