import { beforeAll, expect, it } from 'vitest';
import { signIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { PASSWORD, castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

type View = {
  version: number;
  status: string;
  deadline: { stage: string | null; dueAt: string | null; overdue: boolean; paused: boolean; pausedRemainingMinutes: number | null; answerDueAt: string | null };
  extension: { status: string; reason: string; proposedDueDate: string; previousDueAt: string | null; grantedDueAt: string | null; decisionNote: string | null } | null;
  progressReports: Array<{ agencyCode: string; done: string; committedDate: string; reportedBy: string }>;
  events: Array<{ action: string; note: string | null }>;
};

describeEachEngine('extension requests and progress reports', (ctx) => {
  let cast: Cast;
  const api = ticketApi(ctx, () => cast.operator);
  const view = async (code: string) => (await api.get(cast.operator, code)).body as unknown as View;
  beforeAll(async () => {
    // Monday 2/3/2026, 09:00 in Hà Nội.
    ctx.clock.set(new Date('2026-03-02T02:00:00Z'));
    cast = await castOf(ctx);
  });
  /** A ticket Sở Xây dựng accepted: its answer is due at 17:00 on Monday 16/3. */
  const accepted = async () => {
    const { code } = await api.create(cast.operator);
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, code, 'accept');
    return code;
  };

  it('lets the lead agency ask once, and a supervisor approve: the answer deadline moves to the granted date', async () => {
    const code = await accepted();
    expect((await view(code)).deadline.answerDueAt).toBe('2026-03-16T10:00:00.000Z');
    const early = await api.act(cast.xdFocal, code, 'request-extension', { reason: 'Cần khảo sát.', proposedDueDate: '2026-03-13' });
    expect(early.statusCode).toBe(422);
    expect(JSON.stringify(early.body.errors)).toContain('16/03/2026');
    expect((await api.act(cast.ytFocal, code, 'request-extension', { reason: 'Cần khảo sát.', proposedDueDate: '2026-03-27' })).statusCode).toBe(404);

    const asked = await api.act(cast.xdFocal, code, 'request-extension', { reason: 'Cần khảo sát hiện trường và lấy ý kiến phường.', proposedDueDate: '2026-03-27' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toMatchObject({
      status: 'in_progress',
      extension: { status: 'requested', reason: 'Cần khảo sát hiện trường và lấy ý kiến phường.', proposedDueDate: '2026-03-27', previousDueAt: '2026-03-16T10:00:00.000Z', grantedDueAt: null },
    });
    // The supervisors' queue of requests waiting for a decision: counted, and listed by a filter.
    const waiting = async () => {
      const counts = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets/counts', headers: cast.supervisor.headers })).json() as { extensionRequests: number };
      const list = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?extension=requested', headers: cast.supervisor.headers })).json() as { items: Array<{ code: string }> };
      return { count: counts.extensionRequests, codes: list.items.map((i) => i.code) };
    };
    expect(await waiting()).toEqual({ count: 1, codes: [code] });
    const again = await api.act(cast.xdFocal, code, 'request-extension', { reason: 'Xin thêm lần nữa.', proposedDueDate: '2026-04-10' });
    expect(again).toMatchObject({ statusCode: 409, body: { code: 'ticket.extension_already_requested' } });
    // An operator is not a supervisor.
    expect((await api.act(cast.operator, code, 'decide-extension', { decision: 'approve' })).statusCode).toBe(403);

    const approved = (await api.act(cast.supervisor, code, 'decide-extension', { decision: 'approve', note: 'Đồng ý.' })).body as unknown as View;
    expect(approved.extension).toMatchObject({ status: 'approved', grantedDueAt: '2026-03-27T10:00:00.000Z', decisionNote: 'Đồng ý.' });
    expect(approved.deadline).toMatchObject({ stage: 'answer', dueAt: '2026-03-27T10:00:00.000Z', answerDueAt: '2026-03-27T10:00:00.000Z' });
    expect(approved.events.map((e) => e.action)).toEqual(expect.arrayContaining(['request-extension', 'decide-extension']));
    expect((await api.act(cast.supervisor, code, 'decide-extension', { decision: 'refuse' })).body.code).toBe('ticket.extension_not_requested');
    expect(await waiting()).toEqual({ count: 0, codes: [] });
    // The supervisor learned of the request in the app, and the focal point of the decision.
    const bell = async (who: typeof cast.operator) =>
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: who.headers })).json() as { items: Array<{ kind: string; title: string; ticketCode: string }> };
    expect((await bell(cast.supervisor)).items.filter((n) => n.ticketCode === code)).toEqual([
      expect.objectContaining({ kind: 'extension.requested', title: `Phiếu ${code}: đơn vị xin gia hạn đến 27/03/2026` }),
    ]);
    expect((await bell(cast.xdFocal)).items.filter((n) => n.ticketCode === code)).toEqual([
      expect.objectContaining({ kind: 'extension.decided', title: `Phiếu ${code}: được gia hạn đến 27/03/2026` }),
    ]);
    expect((await bell(cast.operator)).items.filter((n) => n.ticketCode === code)).toEqual([]);
    // Not overdue yet: no progress report is due.
    expect((await api.act(cast.xdFocal, code, 'progress-report', { done: 'Đang khảo sát.', committedDate: '2026-03-20' })).body.code).toBe('ticket.progress_report_not_due');
  });

  it('keeps the deadline when the supervisor refuses, and adds the granted time to a paused clock', async () => {
    const refused = await accepted();
    await api.act(cast.xdFocal, refused, 'request-extension', { reason: 'Thiếu nhân sự.', proposedDueDate: '2026-03-20' });
    const after = (await api.act(cast.supervisor, refused, 'decide-extension', { decision: 'refuse', note: 'Vụ việc đơn giản.' })).body as unknown as View;
    expect(after.extension).toMatchObject({ status: 'refused', grantedDueAt: null, decisionNote: 'Vụ việc đơn giản.' });
    expect(after.deadline.answerDueAt).toBe('2026-03-16T10:00:00.000Z');

    const paused = await accepted();
    await api.act(cast.xdFocal, paused, 'request-extension', { reason: 'Chờ ý kiến Sở Tài chính.', proposedDueDate: '2026-03-18' });
    const before = ((await api.act(cast.xdFocal, paused, 'request-info', { question: 'Xin số nhà.' })).body as unknown as View).deadline;
    expect(before).toMatchObject({ paused: true });
    // About 86 working hours were left (sign-ins move the test clock by seconds); two more working days add 16.
    expect(before.pausedRemainingMinutes).toBeCloseTo(86 * 60, -1);
    const granted = (await api.act(cast.supervisor, paused, 'decide-extension', { decision: 'approve' })).body as unknown as View;
    expect(granted.deadline).toMatchObject({ paused: true, dueAt: null, pausedRemainingMinutes: before.pausedRemainingMinutes! + 16 * 60, answerDueAt: '2026-03-18T10:00:00.000Z' });
  });

  it('asks the lead agency for progress reports once the answer deadline has passed, shown on the ticket', async () => {
    const code = await accepted();
    // Tuesday 17/3, past the deadline (sessions end after 12 hours: sign in again).
    ctx.clock.set(new Date('2026-03-17T02:00:00Z'));
    cast = { ...cast, operator: await signIn(ctx.app, 'op1', PASSWORD), xdFocal: await signIn(ctx.app, 'xd.focal', PASSWORD) };
    expect((await view(code)).deadline.overdue).toBe(true);
    const past = await api.act(cast.xdFocal, code, 'progress-report', { done: 'Đã khảo sát.', committedDate: '2026-03-16' });
    expect(past.statusCode).toBe(422);
    const res = await api.act(cast.xdFocal, code, 'progress-report', { done: 'Đã khảo sát hiện trường, đang lập dự toán nạo vét.', committedDate: '2026-03-31' });
    expect(res.statusCode).toBe(200);
    await api.act(cast.xdFocal, code, 'progress-report', { done: 'Đã có dự toán, chờ phê duyệt.', committedDate: '2026-03-31' });
    const v = await view(code);
    expect(v.progressReports).toEqual([
      expect.objectContaining({ agencyCode: 'so-xay-dung', done: 'Đã khảo sát hiện trường, đang lập dự toán nạo vét.', committedDate: '2026-03-31', reportedBy: 'xd.focal' }),
      expect.objectContaining({ done: 'Đã có dự toán, chờ phê duyệt.' }),
    ]);
    expect(v.events.filter((e) => e.action === 'progress-report')).toHaveLength(2);
    expect(v.extension).toBeNull();
    const audit = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit?limit=200', headers: (await signIn(ctx.app, 'lead1', PASSWORD)).headers });
    expect(JSON.stringify(audit.json())).toContain('ticket.progress-report');
  });
});
