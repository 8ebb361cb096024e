/**
 * Stateful fuzzing of the ticket's life: each run creates three tickets and takes them through
 * random sequences of staff actions (by any of eight staff members of the hotline and two
 * agencies), citizen actions (track, rate, reopen, send information, with the right phone number
 * or another) and races (two promising actions at once on one version), half of them steps the model
 * expects to succeed (so runs reach every state, duplicates, extensions, reopenings) and half
 * anything at all. Before each step the model (fuzz-lifecycle-model.ts) says what the server
 * must answer; after it, every ticket of the run is read back and must be what the model says:
 * state, version, history (staff and public), lead agency, assignee, duplicate link, reopenings,
 * extension. A refused step changes nothing; a race has one winner; the citizen never sees an
 * internal note; agencies read and list only what they handled; at the end the leaders'
 * timeliness report and prolonged list agree with the model and the audit chain holds.
 */
import fc from 'fast-check';
import type { Role } from '../src/common/roles.ts';
import { TICKET_ACTIONS, isFinished, type TicketAction } from '../src/common/tickets.ts';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/database.ts';
import { verifyAuditChain } from '../src/server/modules/audit/audit.service.ts';
import type { SignedIn } from '../src/test/auth-helpers.ts';
import { castOf, type Cast } from '../src/test/ticket-fixtures.ts';
import {
  ACTORS,
  ACTOR_ROLES,
  UNITS,
  applySuccess,
  citizenActionOf,
  expectCitizen,
  otherUnit,
  expectStaff,
  promisingSteps,
  type ActorName,
  type CitizenStep,
  type Expectation,
  type ModelTicket,
  type StaffStep,
  type Unit,
} from './fuzz-lifecycle-model.ts';
import { validRequests } from './fuzz-schema.ts';

const TICKETS = 3;
/** Text that only internal notes carry: the citizen's view must never contain it. */
const INTERNAL = 'NOI-BO-KHONG-CONG-KHAI';

type Step =
  | { kind: 'guided'; ticket: number; pick: number; race: boolean; fuzzedBody: boolean }
  | { kind: 'staff'; ticket: number; step: StaffStep; stale: boolean; fuzzedBody: boolean }
  | { kind: 'citizen'; ticket: number; what: CitizenStep; rightPhone: boolean };


const ONWARD = new Set<TicketAction>(['forward', 'accept', 'assign', 'request-info', 'citizen-replied', 'submit-answer', 'approve', 'reopen', 'request-extension', 'decide-extension']);
const ticketIndex = fc.nat({ max: TICKETS - 1 });
// Mostly the first ticket, so that a run takes one ticket deep (the others serve as masters and duplicates).
const actedOn = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: ticketIndex });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('guided' as const), ticket: actedOn, pick: fc.nat(), race: fc.nat({ max: 4 }).map((n) => n === 0), fuzzedBody: fc.nat({ max: 4 }).map((n) => n === 0) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('staff' as const),
      ticket: ticketIndex,
      step: fc.record({ action: fc.constantFrom(...TICKET_ACTIONS), actor: fc.constantFrom(...ACTORS), target: ticketIndex, unit: fc.constantFrom<Unit>('xd', 'yt'), cooperate: fc.boolean() }),
      stale: fc.boolean(),
      fuzzedBody: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('citizen' as const), ticket: ticketIndex, what: fc.constantFrom<CitizenStep>('track', 'rate', 'reopen', 'info'), rightPhone: fc.boolean() }) },
);

/** What a step the model wrote did: the body's answer or draft, the forward's cooperating agency. */
const effectOf = (s: StaffStep, body: Record<string, unknown>) => ({ ...s, cooperating: s.action === 'forward' && s.cooperate ? otherUnit(s.unit) : null, text: textOf(body) });

/** The answer or draft a body writes. */
const textOf = (body: Record<string, unknown>): string | undefined => (typeof body.answer === 'string' ? body.answer : typeof body.draft === 'string' ? body.draft : undefined);

/** The body the model knows the effect of, for each action. */
function bodyOf(step: StaffStep, tickets: ModelTicket[], staffIds: Record<Unit, string>): Record<string, unknown> {
  const note = `${INTERNAL} ${step.action}`;
  const bodies: Record<TicketAction, () => Record<string, unknown>> = {
    classify: () => ({ priority: 'high' }),
    reject: () => ({ reason: 'spam', note: 'Tin nhắn quảng cáo.' }),
    answer: () => ({ answer: 'Theo quy định, hồ sơ nộp tại bộ phận một cửa.' }),
    forward: () => ({ leadAgencyCode: UNITS[step.unit], ...(step.cooperate ? { cooperatingAgencyCodes: [UNITS[otherUnit(step.unit)]] } : {}), note: 'Đề nghị Sở xem xét, trả lời.' }),
    accept: () => ({}),
    return: () => ({ reason: note }),
    recall: () => ({ reason: note }),
    assign: () => ({ assigneeId: staffIds[step.unit] }),
    'request-info': () => ({ question: 'Xin cho biết số nhà cụ thể.' }),
    'citizen-replied': () => ({ reply: 'Trước số nhà 123.' }),
    'draft-answer': () => ({ draft: 'Dự thảo: đã nạo vét cống.' }),
    'submit-answer': () => ({ answer: 'Đã nạo vét cống thoát nước.' }),
    approve: () => ({}),
    'send-back': () => ({ note }),
    reply: () => ({}),
    close: () => ({}),
    reopen: () => ({ reason: 'Người dân chưa hài lòng với câu trả lời.' }),
    'link-duplicate': () => ({ masterCode: tickets[step.target]!.code }),
    'unlink-duplicate': () => ({}),
    comment: () => ({ note }),
    'request-extension': () => ({ reason: note, proposedDueDate: '2027-06-30' }),
    'decide-extension': () => ({ decision: 'approve', note }),
    'progress-report': () => ({ done: note, committedDate: '2027-06-30' }),
  };
  return bodies[step.action]();
}

export interface LifecycleReport {
  failures: string[];
  steps: number;
  /** How the steps went, by kind and answer, to see how deep the runs reached. */
  answers: Map<string, number>;
  /** The states the runs' tickets were seen in. */
  statesSeen: Set<string>;
}

/**
 * `path` replays one failing run (fast-check prints it with the seed); `trace` prints each staff
 * action of the runs and its answer.
 */
export async function fuzzLifecycle(
  app: App,
  database: Database,
  runs: number,
  seed: number,
  settings: { reopenLimit: number; prolongedReopens: number },
  replay: { path?: string; trace?: boolean } = {},
): Promise<LifecycleReport> {
  const { reopenLimit, prolongedReopens } = settings;
  const trace = replay.trace === true;
  const cast: Cast = await castOf({ app, database });
  const actorSession: Record<ActorName, SignedIn> = cast;
  const staffIds: Record<Unit, string> = { xd: cast.xdStaff.id, yt: cast.ytStaff.id };
  const routeRoles = new Map<string, readonly Role[]>();
  for (const r of app.routeAccess) {
    const m = /^\/api\/v1\/tickets\/:code\/([a-z-]+)$/.exec(r.url);
    if (m && r.method === 'POST' && 'roles' in r.access && r.access.roles !== 'any') routeRoles.set(m[1]!, r.access.roles);
  }
  const rolesOf = (action: TicketAction) => routeRoles.get(action) ?? [];
  const valid = validRequests(app.swagger() as Parameters<typeof validRequests>[0]);
  const failures: string[] = [];
  const answers = new Map<string, number>();
  const statesSeen = new Set<string>();
  let steps = 0;
  let phones = 0;
  /** Every ticket of every run, and how many times each agency received one as lead (for the timeliness report). */
  const everyTicket: ModelTicket[] = [];
  const received: Record<Unit, number> = { xd: 0, yt: 0 };
  const applied = (tickets: ModelTicket[], i: number, action: Parameters<typeof applySuccess>[2], step: Parameters<typeof applySuccess>[3]) => {
    if (action === 'forward' && step.unit !== 'other') received[step.unit!]++;
    applySuccess(tickets, i, action, step);
  };

  const post = (as: SignedIn | undefined, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: as?.headers ?? {}, payload: payload as Record<string, unknown> });
  const read = async (code: string) => (await app.inject({ method: 'GET', url: `/api/v1/tickets/${code}`, headers: cast.supervisor.headers })).json() as Record<string, unknown> & { events: Array<{ visibility: string }> };

  /** Every ticket of the run as the server has it, against the model; the first difference. `acted`: the one the step was on. */
  async function compare(tickets: ModelTicket[], acted: number): Promise<string | undefined> {
    for (const [i, t] of tickets.entries()) {
      const s = await read(t.code);
      statesSeen.add(String(s.status));
      const extension = (s.extension as { status: string } | null)?.status;
      const seen = {
        status: s.status,
        version: s.version,
        events: s.events.length,
        publicEvents: s.events.filter((e) => e.visibility === 'public').length,
        duplicateOf: s.duplicateOfCode ?? null,
        reopenCount: s.reopenCount,
        extension: extension === undefined ? 'none' : extension === 'requested' ? 'requested' : 'decided',
        ...(t.wild ? {} : { namedLead: s.leadAgencyCode ?? null, cooperating: s.cooperatingAgencyCodes, assignee: s.assigneeId ?? null }),
        ...(t.answer === undefined ? {} : { answer: s.answer }),
        ...(t.draft === undefined ? {} : { draft: s.answerDraft }),
      };
      const want = {
        status: t.status,
        version: t.version,
        events: t.events,
        publicEvents: t.publicEvents,
        duplicateOf: t.duplicateOf === null ? null : tickets[t.duplicateOf]!.code,
        reopenCount: t.reopenCount,
        extension: t.extension,
        ...(t.wild ? {} : { namedLead: t.namedLead === 'other' ? 'other' : t.namedLead && UNITS[t.namedLead], cooperating: t.cooperating ? [UNITS[t.cooperating]] : [], assignee: t.assignee && staffIds[t.assignee] }),
        ...(t.answer === undefined ? {} : { answer: t.answer }),
        ...(t.draft === undefined ? {} : { draft: t.draft }),
      };
      if (JSON.stringify(seen) !== JSON.stringify(want)) return `ticket ${i}: server ${JSON.stringify(seen)}, model ${JSON.stringify(want)}`;
      // Agencies read exactly what they handled (tickets forwarded by a fuzzed body aside); only a step changes that.
      if (!t.wild && i === acted) {
        for (const actor of ['xdFocal', 'ytStaff'] as const) {
          const status = (await app.inject({ method: 'GET', url: `/api/v1/tickets/${t.code}`, headers: actorSession[actor].headers })).statusCode;
          const should = t.handled.has(ACTOR_ROLES[actor].unit!) ? 200 : 404;
          if (status !== should) return `ticket ${i}: ${actor} reads it with ${status}, model ${should}`;
          // The agency's list (by code) shows it exactly then, in its state.
          const listed = (await app.inject({ method: 'GET', url: `/api/v1/tickets?q=${t.code}`, headers: actorSession[actor].headers })).json() as { items: Array<{ code: string; status: string }> };
          const item = listed.items.find((x) => x.code === t.code);
          if ((item !== undefined) !== (should === 200) || (item && item.status !== t.status)) return `ticket ${i}: ${actor}'s list shows it ${item ? `as ${item.status}` : 'not'}, model ${should === 200 ? t.status : 'not'}`;
        }
      }
    }
    return undefined;
  }

  /** Does the answer match what the model expected? A message when it does not. */
  const judge = (e: Expectation, status: number, body: string): string | undefined => {
    if (status >= 500) return `${status} ${body.slice(0, 300)}`;
    if ('either' in e) return status === 200 || (status >= 400 && status < 500) ? undefined : `${status}`;
    if (e.ok) return status === 200 ? undefined : `expected 200, got ${status} ${body.slice(0, 300)}`;
    const code = (JSON.parse(body) as { code?: string }).code;
    return status === e.status && code === e.code ? undefined : `expected ${e.status} ${e.code}, got ${status} ${code ?? body.slice(0, 200)}`;
  };
  const count = (key: string) => answers.set(key, (answers.get(key) ?? 0) + 1);

  async function runStep(tickets: ModelTicket[], step: Step): Promise<string | undefined> {
    const t = tickets[step.ticket]!;
    if (step.kind === 'citizen') {
      const phone = step.rightPhone ? t.phone : '0987000111';
      const e = expectCitizen(t, step.what, step.rightPhone, reopenLimit);
      const res =
        step.what === 'track'
          ? await app.inject({ method: 'GET', url: `/api/v1/public/tickets/${t.code}?phone=${phone}` })
          : await post(undefined, `/api/v1/public/tickets/${t.code}/${step.what === 'rate' ? 'rating' : step.what}`, publicBody(step.what, phone));
      count(`citizen ${step.what} ${res.statusCode}`);
      const wrong = judge(e, res.statusCode, res.body);
      if (wrong) return wrong;
      if (res.statusCode === 200) {
        if (res.body.includes(INTERNAL)) return 'the citizen sees an internal note';
        const tracked = res.json() as { status: string; events: unknown[]; answer: string | null };
        if (step.what !== 'track') applied(tickets, step.ticket, citizenActionOf(step.what), {});
        if (tracked.status !== t.status || tracked.events.length !== t.publicEvents) return `tracking shows ${tracked.status} with ${tracked.events.length} events, model ${t.status} with ${t.publicEvents}`;
        // The answer once the ticket is finished (answered, closed, rejected as a duplicate of an answered one), never a draft before.
        const shown = isFinished(t.status) ? t.answer : null;
        if (shown !== undefined && tracked.answer !== shown) return `tracking shows the answer ${JSON.stringify(tracked.answer)}, model ${JSON.stringify(shown)}`;
      }
      return undefined;
    }
    if (step.kind === 'guided') {
      // Now and then the citizen, where what they may do would go through (rate, reopen, answer a question).
      const citizen = (['rate', 'reopen', 'info'] as const).filter((what) => {
        const e = expectCitizen(t, what, true, reopenLimit);
        return 'ok' in e && e.ok;
      });
      if (citizen.length > 0 && step.pick % 4 === 0) return runStep(tickets, { kind: 'citizen', ticket: step.ticket, what: citizen[(step.pick >> 2) % citizen.length]!, rightPhone: true });
      const options = promisingSteps(tickets, step.ticket, rolesOf, reopenLimit);
      if (options.length === 0) return undefined;
      // One of the promising actions (comments would crowd out the rest if each way counted; those
      // that lead on to the later states thrice as likely as those that end or stay), then who takes it.
      const actions = [...new Set(options.map((o) => o.action))].flatMap((a) => (ONWARD.has(a) ? [a, a, a] : [a]));
      const action = actions[step.pick % actions.length]!;
      const ways = options.filter((o) => o.action === action);
      const s = ways[Math.floor(step.pick / actions.length) % ways.length]!;
      if (!step.race || step.fuzzedBody) return act(tickets, step.ticket, s, false, step.fuzzedBody);
      // Two promising steps at once (the same one twice, or another, as two staff members who read
      // the same version): one wins, the other is told the ticket changed, and nothing of it is written.
      const other = options[Math.floor(step.pick / 7) % options.length]!;
      const racers = [s, other];
      const answers = await Promise.all(racers.map((r) => post(actorSession[r.actor], `/api/v1/tickets/${t.code}/${r.action}`, { version: t.version, ...bodyOf(r, tickets, staffIds) })));
      const winner = answers.findIndex((r) => r.statusCode === 200);
      const won = answers.filter((r) => r.statusCode === 200).length;
      const lost = answers.filter((r) => r.statusCode === 409 && (r.json() as { code: string }).code === 'ticket.version_conflict').length;
      count(`race ${s.action === other.action ? 'same action' : 'two actions'} ${won} won`);
      if (won !== 1 || lost !== 1) return `race of ${s.action} by ${s.actor} and ${other.action} by ${other.actor}: ${answers.map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`).join(' / ')}`;
      applied(tickets, step.ticket, racers[winner]!.action, effectOf(racers[winner]!, bodyOf(racers[winner]!, tickets, staffIds)));
      return undefined;
    }
    return act(tickets, step.ticket, step.step, step.stale, step.fuzzedBody);
  }

  function publicBody(what: Exclude<CitizenStep, 'track'>, phone: string) {
    if (what === 'rate') return { phone, score: 4 };
    if (what === 'reopen') return { phone, reason: 'Câu trả lời chưa giải quyết được việc.' };
    return { phone, reply: 'Số nhà 12, đường Nguyễn Huệ.' };
  }

  async function act(tickets: ModelTicket[], i: number, s: StaffStep, stale: boolean, fuzzedBody: boolean): Promise<string | undefined> {
    const t = tickets[i]!;
    // An older version, or one from the future (a forged one): both are stale.
    const version = stale ? (t.version > 1 && s.target % 2 === 0 ? t.version - 1 : t.version + 1 + s.target) : t.version;
    const e = expectStaff(tickets, i, s, stale, rolesOf(s.action), reopenLimit);
    let body: Record<string, unknown> = { ...bodyOf(s, tickets, staffIds), version };
    if (fuzzedBody) {
      const arb = valid.get(`POST /api/v1/tickets/:code/${s.action}`)?.body;
      if (arb) body = { ...(JSON.parse(fc.sample(arb, { numRuns: 1, seed: s.target * 7919 + version })[0]!.payload) as Record<string, unknown>), version };
    }
    const res = await post(actorSession[s.actor], `/api/v1/tickets/${t.code}/${s.action}`, body);
    if (trace) console.log(`  ${t.code} ${s.action} by ${s.actor} ${JSON.stringify(body).slice(0, 300)} → ${res.statusCode} ${res.statusCode === 200 ? '' : res.body.slice(0, 200)}`);
    count(`${fuzzedBody ? 'fuzzed ' : ''}${s.action} ${res.statusCode}`);
    // A fuzzed body may fail the action's own checks where the model's passes (422, an unknown unit…).
    const expectation: Expectation = fuzzedBody && 'ok' in e && e.ok ? { either: true, why: 'fuzzed body' } : e;
    const wrong = judge(expectation, res.statusCode, res.body);
    if (wrong && !(fuzzedBody && res.statusCode >= 400 && res.statusCode < 500 && [400, 422].includes(res.statusCode))) return `${s.action} by ${s.actor}${stale ? ' (stale version)' : ''}${fuzzedBody ? ' (fuzzed body)' : ''}: ${wrong}`;
    if (res.statusCode !== 200) return undefined;
    if ('ok' in e && !e.ok) return `${s.action} by ${s.actor}: 200 where the model expected ${e.status} ${e.code}`;
    if (fuzzedBody) return applyFuzzed(tickets, i, s, body);
    applied(tickets, i, s.action, effectOf(s, body));
    return undefined;
  }

  /** A fuzzed body that went through: its effect, from what it said. */
  function applyFuzzed(tickets: ModelTicket[], i: number, s: StaffStep, body: Record<string, unknown>): string | undefined {
    const t = tickets[i]!;
    if (s.action === 'forward') {
      const unit = (Object.keys(UNITS) as Unit[]).find((u) => UNITS[u] === body.leadAgencyCode);
      const codes = [...new Set(((body.cooperatingAgencyCodes as string[] | undefined) ?? []).filter((c) => c !== body.leadAgencyCode))];
      const cooperating = codes.length === 1 ? (Object.keys(UNITS) as Unit[]).find((u) => UNITS[u] === codes[0]) : undefined;
      if (!unit || (codes.length > 0 && !cooperating)) t.wild = true;
      applied(tickets, i, 'forward', { unit: unit ?? 'other', cooperating: cooperating ?? null });
      return undefined;
    }
    if (s.action === 'assign') {
      const unit = (Object.keys(staffIds) as Unit[]).find((u) => staffIds[u] === body.assigneeId);
      if (!unit) return `assign to ${String(body.assigneeId)} (no staff member of the run) went through`;
      applied(tickets, i, 'assign', { unit });
      return undefined;
    }
    if (s.action === 'link-duplicate') {
      const target = tickets.findIndex((x) => x.code === body.masterCode);
      if (target < 0) return `link-duplicate to ${String(body.masterCode)} (no ticket of the run) went through`;
      applied(tickets, i, 'link-duplicate', { target });
      return undefined;
    }
    applied(tickets, i, s.action, s);
    // The text a fuzzed body wrote (cleaned by the server) is not followed.
    if (s.action === 'draft-answer' || s.action === 'submit-answer') t.draft = undefined;
    if (s.action === 'answer' || s.action === 'approve') for (const x of tickets) if (x === t || x.duplicateOf === i) x.answer = undefined;
    return undefined;
  }

  /**
   * The leaders' timeliness report for the run's day, against every ticket the model followed:
   * per agency, the tickets it received as lead, those it answered (all on time: the clock stands
   * still), those still with it, and those it handed over (returned, recalled, re-forwarded).
   */
  async function timelinessAgrees(): Promise<string[]> {
    // A unit the model does not follow (a fuzzed body's) could sit above an agency in the tree.
    if (everyTicket.some((t) => t.wild)) return [];
    const day = '2026-03-02';
    const res = await app.inject({ method: 'GET', url: `/api/v1/reports/timeliness?from=${day}&to=${day}`, headers: cast.leader.headers });
    const items = (res.json() as { items: Array<{ agencyCode: string; received: number; answeredOnTime: number; answeredLate: number; stillOpen: number; handedOver: number }> }).items;
    const wrong: string[] = [];
    for (const unit of ['xd', 'yt'] as const) {
      const holding = everyTicket.filter((t) => t.lead === unit);
      const answered = holding.filter((t) => t.status === 'answered' || t.status === 'closed').length;
      const want = { received: received[unit], answeredOnTime: answered, answeredLate: 0, stillOpen: holding.length - answered, handedOver: received[unit] - holding.length };
      const item = items.find((x) => x.agencyCode === UNITS[unit]);
      const seen = { received: item?.received ?? 0, answeredOnTime: item?.answeredOnTime ?? 0, answeredLate: item?.answeredLate ?? 0, stillOpen: item?.stillOpen ?? 0, handedOver: item?.handedOver ?? 0 };
      if (JSON.stringify(seen) !== JSON.stringify(want)) wrong.push(`lifecycle: the timeliness report for ${UNITS[unit]} says ${JSON.stringify(seen)}, the model ${JSON.stringify(want)}`);
    }
    return wrong;
  }

  /**
   * The leaders' prolonged list: with the clock standing still nothing is overdue, so exactly the
   * tickets reopened at least PROLONGED_REOPEN_COUNT times, rejected ones aside.
   */
  async function prolongedAgrees(): Promise<string[]> {
    const res = await app.inject({ method: 'GET', url: '/api/v1/reports/prolonged', headers: cast.leader.headers });
    const listed = new Set((res.json() as { items: Array<{ code: string }> }).items.map((x) => x.code));
    const want = everyTicket.filter((t) => t.reopenCount >= prolongedReopens && t.status !== 'rejected').map((t) => t.code);
    const missing = want.filter((c) => !listed.has(c));
    const extra = [...listed].filter((c) => !want.includes(c));
    return missing.length + extra.length === 0 ? [] : [`lifecycle: the prolonged list lacks ${missing.join(', ') || 'none'} and has ${extra.join(', ') || 'none'} more than the model`];
  }

  async function newTickets(): Promise<ModelTicket[]> {
    const tickets: ModelTicket[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const phone = `0913${String(++phones % 1_000_000).padStart(6, '0')}`;
      const res = await post(cast.operator, '/api/v1/tickets', { type: 'feedback', channel: 'phone_in', content: 'Cống thoát nước đường Nguyễn Huệ bị tắc, nước tràn lên mặt đường.', contact: { name: 'Trần Thị Bình', phone } });
      if (res.statusCode !== 201) throw new Error(`creating a ticket: ${res.statusCode} ${res.body}`);
      const created = res.json() as { code: string };
      const s = await read(created.code);
      tickets.push({
        code: created.code,
        phone,
        status: 'new',
        version: s.version as number,
        events: s.events.length,
        publicEvents: s.events.filter((e) => e.visibility === 'public').length,
        lead: null,
        namedLead: null,
        cooperating: null,
        handled: new Set(),
        assignee: null,
        draft: null,
        answer: null,
        duplicateOf: null,
        reopenCount: 0,
        extension: 'none',
        wild: false,
      });
    }
    everyTicket.push(...tickets);
    return tickets;
  }

  await fc
    .check(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), async (run) => {
        const tickets = await newTickets();
        for (const [n, step] of run.entries()) {
          steps++;
          const wrong = (await runStep(tickets, step)) ?? (await compare(tickets, step.ticket));
          if (wrong) throw new Error(`step ${n + 1} ${JSON.stringify(step)}: ${wrong}`);
        }
        return true;
      }),
      { numRuns: runs, seed, ...(replay.path ? { path: replay.path } : {}) },
    )
    .then((details) => {
      if (details.failed) failures.push(`lifecycle: ${String((details.errorInstance as Error | undefined)?.message ?? 'failed').slice(0, 3000)}\n${fc.defaultReportMessage(details)?.slice(0, 8000) ?? ''}`);
    });

  failures.push(...(await timelinessAgrees()), ...(await prolongedAgrees()));
  const audit = await verifyAuditChain(database.db);
  if (!audit.ok) failures.push(`lifecycle: the audit chain is broken: ${JSON.stringify(audit.firstBad)}`);
  return { failures, steps, answers, statesSeen };
}
