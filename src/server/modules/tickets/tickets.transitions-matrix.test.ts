/**
 * Every transition × every role (allowed and refused), and every invalid transition, through
 * the HTTP API. The expectations are written out here, not read from tickets.policy.ts, so a
 * change of policy shows up as a failing row.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { TICKET_ACTIONS, TICKET_STATUSES, type TicketAction, type TicketStatus } from '../../../common/tickets.ts';
import type { SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

const ROLES = ['operator', 'supervisor', 'leader', 'admin', 'xdFocal', 'xdStaff', 'ytFocal', 'ytStaff'] as const;
type RoleName = (typeof ROLES)[number];
const OTHER_AGENCY: readonly RoleName[] = ['ytFocal', 'ytStaff'];

interface Row {
  /** The states it may be taken from. */
  from: TicketStatus[];
  /** The state after; 'same' keeps it. */
  to: TicketStatus | 'same';
  /** The state the role matrix is checked in. */
  at: TicketStatus;
  /** The only roles that may take it (xdStaff: the lead agency's staff member the ticket is assigned to). */
  allowed: RoleName[];
  /** What the other agency (Sở Y tế) gets: 403 when the route is not for agencies, 404 when it cannot see the ticket. */
  otherAgency: 403 | 404;
  body: (f: Fixtures) => Record<string, unknown>;
  /**
   * What a ticket needs beyond its state for the action to succeed (a pending extension request,
   * a passed answer deadline). Rows with it get fresh tickets even when the state stays.
   */
  prepare?: (code: string) => Promise<void>;
}

interface Fixtures {
  masterCode: string;
  xdStaffId: string;
}

const HOTLINE: RoleName[] = ['operator', 'supervisor'];
const WORKERS: RoleName[] = ['operator', 'supervisor', 'xdFocal', 'xdStaff'];
const ALL_STATES = [...TICKET_STATUSES];

const matrix = (prep: { extensionRequested: (code: string) => Promise<void>; answerDeadlinePassed: (code: string) => Promise<void> }): Record<TicketAction, Row> => ({
  classify: { from: ['new', 'returned'], to: 'same', at: 'new', allowed: HOTLINE, otherAgency: 403, body: () => ({ priority: 'high' }) },
  reject: { from: ['new', 'returned'], to: 'rejected', at: 'new', allowed: HOTLINE, otherAgency: 403, body: () => ({ reason: 'spam', note: 'Tin nhắn quảng cáo.' }) },
  answer: { from: ['new', 'returned'], to: 'answered', at: 'new', allowed: HOTLINE, otherAgency: 403, body: () => ({ answer: 'Theo quy định, hồ sơ nộp tại bộ phận một cửa.' }) },
  forward: { from: ['new', 'returned'], to: 'forwarded', at: 'new', allowed: HOTLINE, otherAgency: 403, body: () => ({ leadAgencyCode: 'so-xay-dung' }) },
  accept: { from: ['forwarded'], to: 'in_progress', at: 'forwarded', allowed: ['xdFocal'], otherAgency: 404, body: () => ({}) },
  return: { from: ['forwarded', 'in_progress'], to: 'returned', at: 'forwarded', allowed: ['xdFocal'], otherAgency: 404, body: () => ({ reason: 'Không thuộc thẩm quyền của Sở.' }) },
  recall: { from: ['forwarded'], to: 'returned', at: 'forwarded', allowed: HOTLINE, otherAgency: 403, body: () => ({ reason: 'Chuyển nhầm đơn vị.' }) },
  assign: { from: ['in_progress'], to: 'same', at: 'in_progress', allowed: ['xdFocal'], otherAgency: 404, body: (f) => ({ assigneeId: f.xdStaffId }) },
  'request-info': { from: ['in_progress'], to: 'waiting_citizen', at: 'in_progress', allowed: ['xdFocal', 'xdStaff'], otherAgency: 404, body: () => ({ question: 'Xin cho biết số nhà cụ thể.' }) },
  'citizen-replied': { from: ['waiting_citizen'], to: 'in_progress', at: 'waiting_citizen', allowed: WORKERS, otherAgency: 404, body: () => ({ reply: 'Trước số nhà 123.' }) },
  'draft-answer': { from: ['in_progress'], to: 'same', at: 'in_progress', allowed: ['xdFocal', 'xdStaff'], otherAgency: 404, body: () => ({ draft: 'Dự thảo trả lời.' }) },
  'submit-answer': { from: ['in_progress'], to: 'answer_submitted', at: 'in_progress', allowed: ['xdFocal'], otherAgency: 404, body: () => ({ answer: 'Đã nạo vét cống.' }) },
  approve: { from: ['answer_submitted'], to: 'answered', at: 'answer_submitted', allowed: HOTLINE, otherAgency: 403, body: () => ({}) },
  'send-back': { from: ['answer_submitted'], to: 'in_progress', at: 'answer_submitted', allowed: HOTLINE, otherAgency: 403, body: () => ({ note: 'Cần nêu thời hạn hoàn thành.' }) },
  reply: { from: ['answered'], to: 'same', at: 'answered', allowed: HOTLINE, otherAgency: 403, body: () => ({}) },
  close: { from: ['answered'], to: 'closed', at: 'answered', allowed: HOTLINE, otherAgency: 403, body: () => ({}) },
  reopen: { from: ['answered', 'closed'], to: 'forwarded', at: 'answered', allowed: HOTLINE, otherAgency: 403, body: () => ({ reason: 'Người dân chưa hài lòng.' }) },
  'link-duplicate': { from: ['new', 'returned'], to: 'rejected', at: 'new', allowed: HOTLINE, otherAgency: 403, body: (f) => ({ masterCode: f.masterCode }) },
  'unlink-duplicate': { from: ['rejected'], to: 'new', at: 'rejected', allowed: HOTLINE, otherAgency: 403, body: () => ({}) },
  comment: { from: ALL_STATES, to: 'same', at: 'in_progress', allowed: WORKERS, otherAgency: 404, body: () => ({ note: 'Ghi chú nội bộ.' }) },
  'request-extension': { from: ['in_progress'], to: 'same', at: 'in_progress', allowed: ['xdFocal'], otherAgency: 404, body: () => ({ reason: 'Cần khảo sát hiện trường.', proposedDueDate: '2026-04-10' }), prepare: async () => {} },
  'decide-extension': {
    from: ['in_progress', 'waiting_citizen'],
    to: 'same',
    at: 'in_progress',
    allowed: ['supervisor'],
    otherAgency: 403,
    body: () => ({ decision: 'approve' }),
    prepare: prep.extensionRequested,
  },
  'progress-report': {
    from: ['in_progress', 'waiting_citizen'],
    to: 'same',
    at: 'in_progress',
    allowed: ['xdFocal'],
    otherAgency: 404,
    body: () => ({ done: 'Đã khảo sát, đang lập dự toán.', committedDate: '2026-04-30' }),
    prepare: prep.answerDeadlinePassed,
  },
});

type Step = [who: RoleName, action: TicketAction, body: (f: Fixtures) => Record<string, unknown>];

/**
 * How a ticket reaches each state through the API, always through Sở Xây dựng (so that its
 * focal point sees it and leads it, whatever the state): the assigned staff member is xdStaff.
 */
const forwarded: Step[] = [['operator', 'forward', () => ({ leadAgencyCode: 'so-xay-dung' })]];
const inProgress: Step[] = [...forwarded, ['xdFocal', 'accept', () => ({})], ['xdFocal', 'assign', (f) => ({ assigneeId: f.xdStaffId })]];
const answerSubmitted: Step[] = [...inProgress, ['xdFocal', 'submit-answer', () => ({ answer: 'Đã nạo vét cống.' })]];
const answered: Step[] = [...answerSubmitted, ['operator', 'approve', () => ({})]];
const returned: Step[] = [...forwarded, ['xdFocal', 'return', () => ({ reason: 'Không thuộc thẩm quyền.' })]];
const rejected: Step[] = [...returned, ['operator', 'link-duplicate', (f) => ({ masterCode: f.masterCode })]];
const PATHS: Record<TicketStatus, Step[]> = {
  new: [...rejected, ['operator', 'unlink-duplicate', () => ({})]],
  forwarded,
  in_progress: inProgress,
  waiting_citizen: [...inProgress, ['xdStaff', 'request-info', () => ({ question: 'Xin cho biết số nhà.' })]],
  answer_submitted: answerSubmitted,
  answered,
  closed: [...answered, ['operator', 'close', () => ({})]],
  returned,
  rejected,
};

describeEachEngine('every transition × every role, and every invalid transition', (ctx) => {
  let cast: Cast;
  let fixtures: Fixtures;
  const api = ticketApi(ctx, () => cast.operator);
  const rows = matrix({
    async extensionRequested(code) {
      // Asked while in progress; a ticket waiting for the citizen gets the reply first and the question again after.
      const waiting = (await api.get(cast.operator, code)).body.status === 'waiting_citizen';
      const steps: Array<[SignedIn, TicketAction, Record<string, unknown>]> = [
        ...(waiting ? [[cast.operator, 'citizen-replied', { reply: 'Số nhà 12.' }] as [SignedIn, TicketAction, Record<string, unknown>]] : []),
        [cast.xdFocal, 'request-extension', { reason: 'Cần khảo sát hiện trường.', proposedDueDate: '2026-04-10' }],
        ...(waiting ? [[cast.xdFocal, 'request-info', { question: 'Xin số nhà.' }] as [SignedIn, TicketAction, Record<string, unknown>]] : []),
      ];
      for (const [as, action, body] of steps) {
        const res = await api.act(as, code, action, body);
        if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${JSON.stringify(res.body)}`);
      }
    },
    // Arranged in the database: moving the shared clock past the deadline would end every session.
    async answerDeadlinePassed(code) {
      await ctx.database.db.execute(sql`UPDATE tickets SET answer_due_at = ${new Date(ctx.clock.now().getTime() - 60_000)} WHERE code = ${code}`);
    },
  });
  const who = (role: RoleName): SignedIn => cast[role];

  async function post(as: SignedIn, code: string, action: TicketAction, body: Record<string, unknown>) {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/${action}`, headers: as.headers, payload: body });
    return { statusCode: res.statusCode, body: res.json() as Record<string, unknown> & { version: number; status: string; code: string } };
  }

  /** A fresh ticket brought to `state` through the real API; returns its code. */
  async function bringTo(state: TicketStatus): Promise<string> {
    const created = await api.create(cast.operator);
    let version = created.version;
    for (const [role, action, body] of PATHS[state]) {
      let res = await post(who(role), created.code, action, { version, ...body(fixtures) });
      // A loaded test machine can stall the event loop for a whole sampling interval; the overload
      // guard then answers 503 with Retry-After, which a client retries (nothing was changed).
      for (let tries = 0; res.statusCode === 503 && tries < 20; tries++) {
        await new Promise((r) => setTimeout(r, 250));
        res = await post(who(role), created.code, action, { version, ...body(fixtures) });
      }
      if (res.statusCode !== 200) throw new Error(`bringTo(${state}): ${action} by ${role} → ${res.statusCode} ${JSON.stringify(res.body)}`);
      version = res.body.version;
    }
    if (version === undefined) throw new Error('no version');
    return created.code;
  }

  /** Probes: one ticket per state for refusals and same-state actions (neither changes the state). */
  const probe = {} as Record<TicketStatus, string>;
  /** Fresh tickets for state-changing allowed actions, keyed `action/state/role`. */
  const fresh = new Map<string, string>();
  const key = (action: TicketAction, state: TicketStatus, role: RoleName) => `${action}/${state}/${role}`;

  beforeAll(async () => {
    cast = await castOf(ctx);
    const master = await api.create(cast.operator, { content: 'Phiếu gốc: ngập nước đường Nguyễn Huệ.' });
    fixtures = { masterCode: master.code, xdStaffId: cast.xdStaff.id };
    const wanted: Array<{ state: TicketStatus; put: (code: string) => unknown }> = ALL_STATES.map((state) => ({ state, put: (code) => (probe[state] = code) }));
    for (const [action, row] of Object.entries(rows) as Array<[TicketAction, Row]>) {
      if (row.to === 'same' && !row.prepare) continue;
      const put = (k: string) => async (code: string) => {
        await row.prepare?.(code);
        fresh.set(k, code);
      };
      for (const role of row.allowed) wanted.push({ state: row.at, put: put(key(action, row.at, role)) });
      for (const state of row.from.filter((s) => s !== row.at)) wanted.push({ state, put: put(key(action, state, row.allowed[0]!)) });
    }
    // In bulk: a few chains at a time (PostgreSQL runs them in parallel; PGlite one by one).
    for (let i = 0; i < wanted.length; i += 8) {
      await Promise.all(wanted.slice(i, i + 8).map(async (w) => w.put(await bringTo(w.state))));
    }
  }, 300_000);

  it('has a row for every action, and the helper reaches every state', async () => {
    expect(Object.keys(rows).sort()).toEqual([...TICKET_ACTIONS].sort());
    for (const state of ALL_STATES) expect((await api.get(cast.operator, probe[state])).body.status).toBe(state);
  });

  for (const action of TICKET_ACTIONS) {
    const row = rows[action];
    describe(action, () => {
      it(`from "${row.at}": ${row.allowed.join(', ')} may; every other role is refused`, async () => {
        const outcome: Record<string, number> = {};
        const expected: Record<string, number> = {};
        // Refusals first, on the probe: nothing may change.
        const before = (await api.get(cast.operator, probe[row.at])).body;
        for (const role of ROLES.filter((r) => !row.allowed.includes(r))) {
          const res = await post(who(role), probe[row.at], action, { version: before.version, ...row.body(fixtures) });
          outcome[role] = res.statusCode;
          expected[role] = OTHER_AGENCY.includes(role) ? row.otherAgency : 403;
          expect(res.body.code, `${role}: ${JSON.stringify(res.body)}`).toBe(expected[role] === 404 ? 'ticket.not_found' : 'auth.forbidden');
        }
        const after = (await api.get(cast.operator, probe[row.at])).body;
        expect(after.version).toBe(before.version);
        for (const role of row.allowed) {
          const code = row.to === 'same' && !row.prepare ? probe[row.at] : fresh.get(key(action, row.at, role))!;
          const res = await api.act(who(role), code, action, row.body(fixtures));
          outcome[role] = res.statusCode;
          expected[role] = 200;
          if (res.statusCode === 200) expect(res.body.status).toBe(row.to === 'same' ? row.at : row.to);
          else expect.soft(res.body, role).toBeUndefined();
        }
        expect(outcome).toEqual(expected);
      });

      const otherFrom = row.from.filter((s) => s !== row.at);
      if (otherFrom.length > 0) {
        it(`is allowed from ${otherFrom.map((s) => `"${s}"`).join(', ')} too`, async () => {
          for (const state of otherFrom) {
            const code = row.to === 'same' && !row.prepare ? probe[state] : fresh.get(key(action, state, row.allowed[0]!))!;
            const res = await api.act(who(row.allowed[0]!), code, action, row.body(fixtures));
            expect(res.statusCode, `from ${state}: ${JSON.stringify(res.body)}`).toBe(200);
            expect(res.body.status).toBe(row.to === 'same' ? state : row.to);
          }
        });
      }

      const invalid = ALL_STATES.filter((s) => !row.from.includes(s));
      if (invalid.length > 0) {
        it(`is refused with 409 from ${invalid.map((s) => `"${s}"`).join(', ')}`, async () => {
          const outcome: Record<string, string> = {};
          for (const state of invalid) {
            const res = await api.act(who(row.allowed[0]!), probe[state], action, row.body(fixtures));
            outcome[state] = `${res.statusCode} ${String(res.body.code)}`;
            if (res.statusCode === 409) expect(String(res.body.detail)).toContain(`"${state}"`);
          }
          expect(outcome).toEqual(Object.fromEntries(invalid.map((s) => [s, '409 ticket.invalid_transition'])));
        });
      }
    });
  }

  it('lets the lead agency’s staff draft and ask the citizen only on tickets assigned to them', async () => {
    const { code } = await api.create(cast.operator);
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.xdFocal, code, 'accept');
    expect((await api.act(cast.xdStaff, code, 'draft-answer', { draft: 'Dự thảo.' })).statusCode).toBe(403);
    expect((await api.act(cast.xdStaff, code, 'request-info', { question: 'Số nhà?' })).statusCode).toBe(403);
    await api.act(cast.xdFocal, code, 'assign', { assigneeId: cast.xdStaff.id });
    expect((await api.act(cast.xdStaff, code, 'draft-answer', { draft: 'Dự thảo.' })).statusCode).toBe(200);
    expect((await api.act(cast.xdStaff, code, 'request-info', { question: 'Số nhà?' })).body.status).toBe('waiting_citizen');
  });

  it('left every probe in its state', async () => {
    for (const state of ALL_STATES) expect((await api.get(cast.operator, probe[state])).body.status).toBe(state);
  });
});
