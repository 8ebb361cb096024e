/**
 * Who may do what to a ticket, and from which state: the whole lifecycle as data. Services ask
 * this module; nothing else decides permissions on tickets.
 */
import type { Role } from '../../../common/roles.ts';
import { TICKET_ACTIONS, type CitizenAction, type TicketAction, type TicketStatus } from '../../../common/tickets.ts';
import type { Actor } from '../auth/actor.ts';

/** Roles that work every ticket (the hotline). */
export const HOTLINE_ROLES: readonly Role[] = ['operator', 'supervisor'];
/** Roles that read every ticket. */
export const READ_ALL_ROLES: readonly Role[] = ['operator', 'supervisor', 'leader', 'admin'];
export const AGENCY_ROLES: readonly Role[] = ['agency_focal', 'agency_staff'];

/**
 * Who acts: the hotline, or the lead agency (its focal point, or the staff member the ticket is
 * assigned to), or anyone who can see the ticket and may change it.
 */
type Performer = 'hotline' | 'supervisor' | 'lead_focal' | 'lead_agency' | 'hotline_or_lead' | 'handling' | 'citizen';

export interface TransitionRule {
  from: readonly TicketStatus[];
  /** The state after; 'same' keeps it. */
  to: TicketStatus | 'same';
  by: Performer;
  /** Visible to the citizen when tracking the ticket. */
  visibility: 'public' | 'internal';
  /** The product itself (a scheduled job, as SYSTEM_ACTOR) may also take it. */
  bySystem?: true;
}

const OPEN_FOR_HOTLINE: readonly TicketStatus[] = ['new', 'returned'];

export const transitions: Record<TicketAction | CitizenAction, TransitionRule> = {
  classify: { from: ['new', 'returned'], to: 'same', by: 'hotline', visibility: 'internal' },
  reject: { from: OPEN_FOR_HOTLINE, to: 'rejected', by: 'hotline', visibility: 'public' },
  answer: { from: OPEN_FOR_HOTLINE, to: 'answered', by: 'hotline', visibility: 'public' },
  forward: { from: OPEN_FOR_HOTLINE, to: 'forwarded', by: 'hotline', visibility: 'public' },
  accept: { from: ['forwarded'], to: 'in_progress', by: 'lead_focal', visibility: 'public' },
  return: { from: ['forwarded', 'in_progress'], to: 'returned', by: 'lead_focal', visibility: 'internal' },
  // The hotline takes back a ticket the agency has not accepted (a wrong forward, or an email-only unit that does not answer).
  recall: { from: ['forwarded'], to: 'returned', by: 'hotline', visibility: 'internal' },
  assign: { from: ['in_progress'], to: 'same', by: 'lead_focal', visibility: 'internal' },
  'request-info': { from: ['in_progress'], to: 'waiting_citizen', by: 'lead_agency', visibility: 'public' },
  'citizen-replied': { from: ['waiting_citizen'], to: 'in_progress', by: 'hotline_or_lead', visibility: 'public' },
  'draft-answer': { from: ['in_progress'], to: 'same', by: 'lead_agency', visibility: 'internal' },
  'submit-answer': { from: ['in_progress'], to: 'answer_submitted', by: 'lead_focal', visibility: 'internal' },
  approve: { from: ['answer_submitted'], to: 'answered', by: 'hotline', visibility: 'public' },
  'send-back': { from: ['answer_submitted'], to: 'in_progress', by: 'hotline', visibility: 'internal' },
  reply: { from: ['answered'], to: 'same', by: 'hotline', visibility: 'public' },
  // The system closes answered tickets the citizen left without a word (auto-close.job.ts).
  close: { from: ['answered'], to: 'closed', by: 'hotline', bySystem: true, visibility: 'public' },
  reopen: { from: ['answered', 'closed'], to: 'forwarded', by: 'hotline', visibility: 'public' },
  'link-duplicate': { from: OPEN_FOR_HOTLINE, to: 'rejected', by: 'hotline', visibility: 'public' },
  'unlink-duplicate': { from: ['rejected'], to: 'new', by: 'hotline', visibility: 'internal' },
  // By the citizen only (the public API), after the answer: an answered ticket closes.
  rate: { from: ['answered', 'closed'], to: 'closed', by: 'citizen', visibility: 'public' },
  // Once per ticket (ticket_extensions' key); the supervisor decides; past the answer deadline the agency reports progress.
  'request-extension': { from: ['in_progress'], to: 'same', by: 'lead_focal', visibility: 'internal' },
  'decide-extension': { from: ['in_progress', 'waiting_citizen'], to: 'same', by: 'supervisor', visibility: 'internal' },
  'progress-report': { from: ['in_progress', 'waiting_citizen'], to: 'same', by: 'lead_focal', visibility: 'internal' },
  comment: { from: ['new', 'forwarded', 'in_progress', 'waiting_citizen', 'answer_submitted', 'answered', 'closed', 'returned', 'rejected'], to: 'same', by: 'handling', visibility: 'internal' },
};

export interface TicketAccessFacts {
  /**
   * The actor's unit (or a unit above it) is the current lead agency (repo.currentAgencyRoles).
   * Its staff only read tickets of their unit and the units below it, so a unit under the lead
   * agency never gets this far with a ticket its parent leads: only the lead agency itself acts.
   */
  actorUnitLeads: boolean;
  /** … or one of the current cooperating agencies. */
  actorUnitCooperates: boolean;
  assigneeId: string | null;
}

const has = (actor: Actor, roles: readonly Role[]) => roles.some((r) => actor.roles.includes(r));

/**
 * The product itself, acting from a scheduled job: events and audit rows name it "system".
 * Recognised by identity only, so no session, token or request can ever be it.
 */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  kind: 'anonymous' as const,
  userId: null,
  username: 'system',
  roles: Object.freeze([]) as unknown as Role[],
  orgUnitId: null,
  sessionId: null,
  tokenId: null,
  scopes: Object.freeze([]) as unknown as string[],
  pending: null,
  requestId: 'system',
  ip: '127.0.0.1',
  userAgent: null,
});

export const isSystemActor = (actor: Actor): boolean => actor === SYSTEM_ACTOR;

/** May this actor perform this action on a ticket they can see (state aside)? */
export function mayPerform(actor: Actor, action: TicketAction | CitizenAction, facts: TicketAccessFacts): boolean {
  if (isSystemActor(actor)) return transitions[action].bySystem === true;
  const by = transitions[action].by;
  const hotline = has(actor, HOTLINE_ROLES);
  const focal = actor.roles.includes('agency_focal') && facts.actorUnitLeads;
  const assignedStaff = actor.roles.includes('agency_staff') && facts.actorUnitLeads && facts.assigneeId === actor.userId;
  switch (by) {
    case 'hotline':
      return hotline;
    case 'supervisor':
      return actor.roles.includes('supervisor');
    case 'lead_focal':
      return focal;
    case 'lead_agency':
      return focal || assignedStaff;
    case 'hotline_or_lead':
      return hotline || focal || assignedStaff;
    case 'handling':
      // Agencies that handled a ticket before keep reading it, but only those handling it now add to it.
      return hotline || (has(actor, AGENCY_ROLES) && (facts.actorUnitLeads || facts.actorUnitCooperates));
    case 'citizen':
      return false;
  }
}

/** Does the actor read every ticket, or only those of their agency? */
export function readsAllTickets(actor: Actor): boolean {
  if (isSystemActor(actor)) return true;
  return actor.kind === 'token' ? actor.scopes.includes('tickets:read') : has(actor, READ_ALL_ROLES);
}

export function mayCreateTickets(actor: Actor): boolean {
  return actor.kind === 'token' ? actor.scopes.includes('tickets:write') : has(actor, HOTLINE_ROLES);
}

/** The staff actions with their rules (the citizen's are not in the staff API). */
export const staffTransitions = TICKET_ACTIONS.map((action) => [action, transitions[action]] as const);
