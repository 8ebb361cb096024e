// Which actions a staff member may take on a ticket in its current state (a mirror of the
// server's tickets.policy.ts for the buttons; the server decides, and refuses anything else).
import type { TicketAction, TicketStatus } from '../../../common/tickets.ts';
import { hasAnyRole } from '../../../common/roles.ts';
import type { SessionUser } from '../auth/auth.api.ts';
import type { Ticket } from './tickets.api.ts';

const HOTLINE: Partial<Record<TicketStatus, TicketAction[]>> = {
  new: ['classify', 'forward', 'answer', 'reject', 'link-duplicate'],
  returned: ['classify', 'forward', 'answer', 'reject', 'link-duplicate'],
  waiting_citizen: ['citizen-replied'],
  forwarded: ['recall'],
  answer_submitted: ['approve', 'send-back'],
  answered: ['reply', 'close'],
  rejected: ['unlink-duplicate'],
};

const FOCAL: Partial<Record<TicketStatus, TicketAction[]>> = {
  forwarded: ['accept', 'return'],
  in_progress: ['draft-answer', 'submit-answer', 'assign', 'request-info', 'return'],
  waiting_citizen: ['citizen-replied'],
};

const STAFF: Partial<Record<TicketStatus, TicketAction[]>> = {
  in_progress: ['draft-answer', 'request-info'],
  waiting_citizen: ['citizen-replied'],
};

/** The actions to offer as buttons, most likely first; `comment` comes last for those who handle the ticket. */
export function availableActions(user: SessionUser, ticket: Ticket, now: Date = new Date()): TicketAction[] {
  const actions: TicketAction[] = [];
  const hotline = hasAnyRole(user.roles, ['operator', 'supervisor']);
  if (hotline) {
    const list = HOTLINE[ticket.status] ?? [];
    // Undoing a duplicate link only makes sense for a duplicate.
    actions.push(...list.filter((action) => action !== 'unlink-duplicate' || ticket.duplicateOfCode));
  }
  // The supervisor decides the agency's pending extension request.
  const extensionPending = ticket.extension?.status === 'requested' && ['in_progress', 'waiting_citizen'].includes(ticket.status);
  if (user.roles.includes('supervisor') && extensionPending) actions.unshift('decide-extension');
  const agencyHandles = ticket.leadAgencyCode !== null && ['forwarded', 'in_progress', 'waiting_citizen', 'answer_submitted'].includes(ticket.status);
  if (!hotline && user.roles.includes('agency_focal') && agencyHandles) {
    actions.push(...(FOCAL[ticket.status] ?? []));
    // Once per ticket, while the agency works on it.
    if (ticket.status === 'in_progress' && !ticket.extension) actions.push('request-extension');
    // Past the answer deadline, as many reports as needed.
    if (['in_progress', 'waiting_citizen'].includes(ticket.status) && answerLate(ticket, now)) actions.unshift('progress-report');
  }
  if (!hotline && !user.roles.includes('agency_focal') && user.roles.includes('agency_staff') && ticket.assigneeId === user.id) {
    actions.push(...(STAFF[ticket.status] ?? []));
  }
  const agencyRole = hasAnyRole(user.roles, ['agency_focal', 'agency_staff']);
  if (hotline || (agencyRole && agencyHandles)) actions.push('comment');
  return [...new Set(actions)];
}

/** The agency's answer deadline has passed (the server's clock decides; the ticket view says so for a running answer stage). */
function answerLate(ticket: Ticket, now: Date): boolean {
  const deadline = ticket.deadline;
  if (!deadline?.answerDueAt) return false;
  if (deadline.stage === 'answer' && deadline.overdue) return true;
  return new Date(deadline.answerDueAt).getTime() < now.getTime();
}

/** Actions that move the ticket on (shown as primary buttons). */
export const PRIMARY_ACTIONS: ReadonlySet<TicketAction> = new Set(['forward', 'accept', 'submit-answer', 'approve', 'reply', 'decide-extension', 'progress-report']);
export const DANGER_ACTIONS: ReadonlySet<TicketAction> = new Set(['reject', 'return', 'recall']);
