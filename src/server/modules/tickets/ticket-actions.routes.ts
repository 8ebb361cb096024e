import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '../../../common/roles.ts';
import type { TicketAction } from '../../../common/tickets.ts';
import type { Actor } from '../auth/actor.ts';
import { problems } from '../../lib/schemas.ts';
import * as extensions from './ticket-extensions.ts';
import * as lifecycle from './ticket-transitions.ts';
import { staffTransitions } from './tickets.policy.ts';
import { TicketCodeParams, TicketSchema, actionBodies } from './tickets.schemas.ts';
import { getTicket, type TicketsDeps } from './tickets.service.ts';

const HOTLINE: Role[] = ['operator', 'supervisor'];
const AGENCY: Role[] = ['agency_focal', 'agency_staff'];
const SUPERVISOR: Role[] = ['supervisor'];

/** The domain function behind each action (its body was validated by the action's schema). */
const handlers: Record<TicketAction, (deps: TicketsDeps, actor: Actor, code: string, body: never) => Promise<unknown>> = {
  classify: lifecycle.classifyTicket,
  reject: lifecycle.rejectTicket,
  answer: lifecycle.answerTicket,
  forward: lifecycle.forwardTicket,
  accept: lifecycle.acceptTicket,
  return: lifecycle.returnTicket,
  recall: lifecycle.recallTicket,
  assign: lifecycle.assignTicket,
  'request-info': lifecycle.requestInfo,
  'citizen-replied': lifecycle.citizenReplied,
  'draft-answer': lifecycle.draftAnswer,
  'submit-answer': lifecycle.submitAnswer,
  approve: lifecycle.approveAnswer,
  'send-back': lifecycle.sendBack,
  reply: lifecycle.replyToCitizen,
  close: lifecycle.closeTicket,
  reopen: lifecycle.reopenTicket,
  'link-duplicate': lifecycle.linkDuplicate,
  'unlink-duplicate': lifecycle.unlinkDuplicate,
  comment: lifecycle.commentOnTicket,
  'request-extension': extensions.requestExtension,
  'decide-extension': extensions.decideExtension,
  'progress-report': extensions.reportProgress,
};

const summaries: Record<TicketAction, string> = {
  classify: 'Set type, domain, priority or title',
  reject: 'Reject: out of scope (with guidance), or spam',
  answer: 'Answer directly from the knowledge base (level 1)',
  forward: 'Forward to a lead agency (+ cooperating agencies)',
  accept: 'Agency accepts the ticket',
  return: 'Agency returns the ticket as not theirs, with a reason',
  recall: 'Hotline takes back a forwarded ticket the agency has not accepted, with a reason',
  assign: 'Agency focal point assigns a staff member',
  'request-info': 'Ask the citizen for more information (the clock pauses)',
  'citizen-replied': 'Record the citizen’s additional information',
  'draft-answer': 'Save a draft answer',
  'submit-answer': 'Agency submits its answer for review',
  approve: 'Approve the agency’s answer (it becomes the public answer)',
  'send-back': 'Send the answer back to the agency with a note',
  reply: 'Record the reply sent to the citizen on the origin channel',
  close: 'Close the ticket',
  reopen: 'Reopen for an unsatisfied citizen (within the window and limit)',
  'link-duplicate': 'Mark as a duplicate of a master ticket',
  'unlink-duplicate': 'Undo a duplicate link',
  comment: 'Add an internal note',
  'request-extension': 'Lead agency asks once for more time to answer (reason + proposed date)',
  'decide-extension': 'Supervisor approves (new answer deadline) or refuses the extension request',
  'progress-report': 'After the answer deadline: what was done and a committed completion date',
};

/** `POST /api/v1/tickets/{code}/{action}`: one route per transition, each with its own body schema. */
export const ticketActionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const [action, rule] of staffTransitions) {
    const roles = rule.by === 'supervisor' ? SUPERVISOR : rule.by === 'hotline' ? HOTLINE : rule.by === 'hotline_or_lead' || rule.by === 'handling' ? [...HOTLINE, ...AGENCY] : AGENCY;
    app.post(
      `/:code/${action}`,
      {
        config: { access: { roles } },
        schema: {
          tags: ['ticket actions'],
          summary: summaries[action],
          description: `Allowed from: ${rule.from.join(', ')}. Send the ticket's current \`version\`; a stale one gets 409 \`ticket.version_conflict\`, a wrong state 409 \`ticket.invalid_transition\`.`,
          params: TicketCodeParams,
          body: actionBodies[action],
          response: { 200: TicketSchema, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const { code } = req.params as { code: string };
        await handlers[action](app.deps, req.actor, code, req.body as never);
        return getTicket(app.deps, req.actor, code);
      },
    );
  }
};
