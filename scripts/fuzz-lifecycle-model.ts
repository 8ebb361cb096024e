/**
 * The model behind the lifecycle fuzzer (fuzz-lifecycle.ts): what each ticket of a run should be
 * after every step, and what the server should answer to a step before it is sent. Who may act
 * and from which state is read from tickets.policy.ts (the transitions matrix test checks that
 * policy row by row); what the model adds is everything around it: which agency leads, holds
 * and still reads a ticket after forwards, returns, recalls and reopenings, whom it is assigned
 * to, duplicates and their copied answers, the one extension request, the reopening limit, and
 * the order in which the server refuses (not visible, stale version, wrong state, not allowed,
 * then the action's own conditions).
 */
import type { Role } from '../src/common/roles.ts';
import type { CitizenAction, TicketAction, TicketStatus } from '../src/common/tickets.ts';
import { transitions } from '../src/server/modules/tickets/tickets.policy.ts';

export const UNITS = { xd: 'so-xay-dung', yt: 'so-y-te' } as const;
export type Unit = keyof typeof UNITS;

export const ACTORS = ['operator', 'supervisor', 'leader', 'admin', 'xdFocal', 'xdStaff', 'ytFocal', 'ytStaff'] as const;
export type ActorName = (typeof ACTORS)[number];
export const ACTOR_ROLES: Record<ActorName, { role: Role; unit?: Unit }> = {
  operator: { role: 'operator' },
  supervisor: { role: 'supervisor' },
  leader: { role: 'leader' },
  admin: { role: 'admin' },
  xdFocal: { role: 'agency_focal', unit: 'xd' },
  xdStaff: { role: 'agency_staff', unit: 'xd' },
  ytFocal: { role: 'agency_focal', unit: 'yt' },
  ytStaff: { role: 'agency_staff', unit: 'yt' },
};
const READ_ALL: readonly Role[] = ['operator', 'supervisor', 'leader', 'admin'];
const HOTLINE: readonly Role[] = ['operator', 'supervisor'];

/** One ticket as the model believes it is. */
export interface ModelTicket {
  code: string;
  phone: string;
  status: TicketStatus;
  version: number;
  /** Every event of its history (the staff view), and those the citizen sees. */
  events: number;
  publicEvents: number;
  /**
   * The agency leading it now (its lead row in force), and the one named on the ticket
   * (`leadAgencyCode`); 'other' is a unit a fuzzed body forwarded it to.
   */
  lead: Unit | 'other' | null;
  namedLead: Unit | 'other' | null;
  /** The cooperating agency in force (a forward may name the other one). */
  cooperating: Unit | null;
  /** Every agency that led it or cooperated on it once: they keep reading it. */
  handled: Set<Unit>;
  /** The agency whose staff member it is assigned to. */
  assignee: Unit | null;
  /** The agency's draft and the answer (staff view; the citizen sees the answer once it is finished); undefined: a fuzzed body's text, not followed. */
  draft: string | null | undefined;
  answer: string | null | undefined;
  duplicateOf: number | null;
  reopenCount: number;
  extension: 'none' | 'requested' | 'decided';
  /**
   * Forwarded by a fuzzed body to units the model does not follow (any unit, cooperating ones):
   * from then on only what does not depend on the agencies is predicted.
   */
  wild: boolean;
}

/** What a step should get: success (200 and the rule's state), one refusal, or either (the model cannot tell). */
export type Expectation = { ok: true } | { ok: false; status: number; code: string } | { either: true; why: string };

const refuse = (status: number, code: string): Expectation => ({ ok: false, status, code });
const EITHER = (why: string): Expectation => ({ either: true, why });

export interface StaffStep {
  action: TicketAction;
  actor: ActorName;
  /** The other ticket of the run it names (a master for link-duplicate). */
  target: number;
  /** The agency it forwards to, or whose staff member it assigns to. */
  unit: Unit;
  /** A forward that names the other agency as cooperating. */
  cooperate: boolean;
}

export const otherUnit = (u: Unit): Unit => (u === 'xd' ? 'yt' : 'xd');

const visible = (t: ModelTicket, actor: ActorName): boolean | undefined => {
  const { role, unit } = ACTOR_ROLES[actor];
  if (READ_ALL.includes(role)) return true;
  if (t.wild) return undefined;
  return unit !== undefined && t.handled.has(unit);
};

/** tickets.policy.ts's mayPerform, from the model's facts (undefined where the model cannot tell). */
function mayPerform(t: ModelTicket, actor: ActorName, action: TicketAction | CitizenAction): boolean | undefined {
  const { role, unit } = ACTOR_ROLES[actor];
  const hotline = HOTLINE.includes(role);
  const by = transitions[action].by;
  if (by === 'hotline') return hotline;
  if (by === 'supervisor') return role === 'supervisor';
  if (by === 'citizen') return false;
  if (hotline && (by === 'hotline_or_lead' || by === 'handling')) return true;
  if (t.wild) return undefined;
  const leads = unit !== undefined && t.lead === unit;
  const focal = role === 'agency_focal' && leads;
  const assigned = role === 'agency_staff' && leads && t.assignee === unit;
  if (by === 'lead_focal') return focal;
  if (by === 'lead_agency' || by === 'hotline_or_lead') return focal || assigned;
  // 'handling' (comments): the lead agency's or the cooperating agency's staff.
  return role.startsWith('agency_') && (leads || (unit !== undefined && t.cooperating === unit));
}

/**
 * The server's answer to a staff action with the model's own (well-formed) body. `routeRoles` are
 * the roles the route lets in (the route declares them, before any ticket is read).
 */
export function expectStaff(tickets: ModelTicket[], i: number, step: StaffStep, stale: boolean, routeRoles: readonly Role[], reopenLimit: number): Expectation {
  const t = tickets[i]!;
  const { role } = ACTOR_ROLES[step.actor];
  if (!routeRoles.includes(role)) return refuse(403, 'auth.forbidden');
  const sees = visible(t, step.actor);
  if (sees === undefined) return EITHER('who reads a ticket forwarded by a fuzzed body');
  if (!sees) return refuse(404, 'ticket.not_found');
  if (stale) return refuse(409, 'ticket.version_conflict');
  const rule = transitions[step.action];
  if (!rule.from.includes(t.status)) return refuse(409, 'ticket.invalid_transition');
  const may = mayPerform(t, step.actor, step.action);
  if (may === undefined) return EITHER('who leads a ticket forwarded by a fuzzed body');
  if (!may) return refuse(403, 'auth.forbidden');
  return conditionsOf(tickets, i, step, reopenLimit);
}

/** What the action itself checks, once the state and the actor are right. */
function conditionsOf(tickets: ModelTicket[], i: number, step: StaffStep, reopenLimit: number): Expectation {
  const t = tickets[i]!;
  switch (step.action) {
    case 'assign':
      if (t.wild) return EITHER('the lead agency of a ticket forwarded by a fuzzed body');
      return step.unit === t.namedLead ? { ok: true } : refuse(422, 'request.validation_failed');
    case 'link-duplicate': {
      const master = tickets[step.target]!;
      return step.target === i || master.duplicateOf !== null ? refuse(422, 'request.validation_failed') : { ok: true };
    }
    case 'unlink-duplicate':
      return t.duplicateOf === null ? refuse(409, 'ticket.invalid_transition') : { ok: true };
    case 'reopen':
      return reopenable(t, reopenLimit);
    case 'request-extension':
      return t.extension === 'none' ? { ok: true } : refuse(409, 'ticket.extension_already_requested');
    case 'decide-extension':
      return t.extension === 'requested' ? { ok: true } : refuse(409, 'ticket.extension_not_requested');
    case 'progress-report':
      // The run's clock stands still: no answer deadline ever passes.
      return refuse(409, 'ticket.progress_report_not_due');
    default:
      return { ok: true };
  }
}

function reopenable(t: ModelTicket, reopenLimit: number): Expectation {
  // Within the window always (the clock stands still); the limit first, then an agency to send it back to.
  if (t.reopenCount >= reopenLimit) return refuse(409, 'ticket.reopen_not_allowed');
  if (t.wild) return EITHER('the agency of a ticket forwarded by a fuzzed body');
  // Answered by the hotline itself: no agency holds it to take it back (not even one that returned it).
  return t.lead === null ? refuse(409, 'ticket.invalid_transition') : { ok: true };
}

export type CitizenStep = 'track' | 'rate' | 'reopen' | 'info';
const CITIZEN_ACTIONS: Record<Exclude<CitizenStep, 'track'>, CitizenAction | TicketAction> = { rate: 'rate', reopen: 'reopen', info: 'citizen-replied' };
export const citizenActionOf = (step: Exclude<CitizenStep, 'track'>) => CITIZEN_ACTIONS[step];

/** The server's answer to the citizen (the public API; the phone number proves the ticket is theirs). */
export function expectCitizen(t: ModelTicket, step: CitizenStep, rightPhone: boolean, reopenLimit: number): Expectation {
  if (!rightPhone) return refuse(404, 'ticket.not_found');
  if (step === 'track') return { ok: true };
  if (!transitions[citizenActionOf(step)].from.includes(t.status)) return refuse(409, 'ticket.invalid_transition');
  return step === 'reopen' ? reopenable(t, reopenLimit) : { ok: true };
}

/**
 * The model after a successful action: `target` the master a duplicate is linked to, `unit` the
 * agency forwarded or assigned to ('other': a fuzzed body's), `cooperating` the forward's
 * cooperating agency, `text` the answer or draft it wrote
 * (undefined: a fuzzed body's, or approve's with no text of its own).
 */
export function applySuccess(tickets: ModelTicket[], i: number, action: TicketAction | CitizenAction, step: { target?: number; unit?: Unit | 'other'; cooperating?: Unit | null; text?: string | undefined }): void {
  const t = tickets[i]!;
  const rule = transitions[action];
  t.version++;
  t.events++;
  if (rule.visibility === 'public') t.publicEvents++;
  if (rule.to !== 'same') t.status = rule.to;
  switch (action) {
    case 'forward':
      t.lead = step.unit!;
      t.namedLead = step.unit!;
      if (step.unit !== 'other') t.handled.add(step.unit!);
      // The previous cooperating agency stops (and keeps reading); a return or a recall leaves it.
      t.cooperating = step.cooperating ?? null;
      if (t.cooperating) t.handled.add(t.cooperating);
      t.assignee = null;
      break;
    case 'return':
    case 'recall':
      t.lead = null;
      t.assignee = null;
      break;
    case 'assign':
      t.assignee = step.unit === 'other' ? null : step.unit!;
      break;
    case 'draft-answer':
    case 'submit-answer':
      t.draft = step.text;
      break;
    case 'answer':
    case 'approve':
      t.answer = action === 'answer' ? step.text : (step.text ?? t.draft);
      // Its duplicates get the answer and a public event.
      for (const dup of tickets) {
        if (dup.duplicateOf === i) {
          dup.version++;
          dup.events++;
          dup.publicEvents++;
          dup.answer = t.answer;
        }
      }
      break;
    case 'reopen':
      // Back to the agency that answered it, which still leads it.
      t.reopenCount++;
      t.assignee = null;
      break;
    case 'link-duplicate': {
      t.duplicateOf = step.target!;
      // An answered master's answer is the duplicate's at once.
      const master = tickets[step.target!]!;
      if ((master.status === 'answered' || master.status === 'closed') && master.answer !== null) t.answer = master.answer;
      break;
    }
    case 'unlink-duplicate':
      t.duplicateOf = null;
      t.answer = null;
      break;
    case 'request-extension':
      t.extension = 'requested';
      break;
    case 'decide-extension':
      t.extension = 'decided';
      break;
  }
}

/**
 * The steps the model expects to succeed now on ticket `i`, for the guided half of a run (random
 * steps mostly meet refusals; guided ones walk the lifecycle deep).
 */
export function promisingSteps(tickets: ModelTicket[], i: number, routeRoles: (action: TicketAction) => readonly Role[], reopenLimit: number): StaffStep[] {
  const out: StaffStep[] = [];
  const plain = { target: 0, unit: 'xd' as Unit, cooperate: false };
  for (const action of Object.keys(transitions) as Array<TicketAction | CitizenAction>) {
    if (action === 'rate') continue;
    // Only forward and assign name a unit (forward perhaps a cooperating one too), only link-duplicate another ticket.
    const variants =
      action === 'forward'
        ? (['xd', 'yt'] as const).flatMap((unit) => [false, true].map((cooperate) => ({ ...plain, unit, cooperate })))
        : action === 'assign'
          ? (['xd', 'yt'] as const).map((unit) => ({ ...plain, unit }))
          : action === 'link-duplicate'
            ? tickets.map((_, target) => ({ ...plain, target }))
            : [plain];
    for (const actor of ACTORS) {
      for (const v of variants) {
        const step = { action: action as TicketAction, actor, ...v };
        const e = expectStaff(tickets, i, step, false, routeRoles(step.action), reopenLimit);
        if ('ok' in e && e.ok) out.push(step);
      }
    }
  }
  return out;
}
