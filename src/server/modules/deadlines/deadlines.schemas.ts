/** Request and response shapes of the deadline policies API. */
import { Type } from 'typebox';
import { TICKET_TYPES } from '../../../common/tickets.ts';
import { Nullable, StringEnum } from '../../lib/schemas.ts';
import { STAGES } from './stage-clock.ts';

const LocalDate = Type.String({ format: 'date', description: 'Local date (Asia/Ho_Chi_Minh), YYYY-MM-DD' });
const Hours = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 2000, description });
const Days = (description: string) => Type.Integer({ minimum: 1, maximum: 365, description });

const limitFields = {
  triageHours: Hours('Triage by the hotline, working hours'),
  acceptanceHours: Hours('Acceptance by the agency, working hours'),
  answerDays: Days('Answer by the agency, working days'),
  reviewHours: Hours('Review of the agency’s answer, working hours'),
};

export const DeadlineOverrideSchema = Type.Object(
  {
    type: Type.Optional(Type.String({ enum: [...TICKET_TYPES] })),
    domainCode: Type.Optional(Type.String({ maxLength: 64 })),
    triageHours: Type.Optional(limitFields.triageHours),
    acceptanceHours: Type.Optional(limitFields.acceptanceHours),
    answerDays: Type.Optional(limitFields.answerDays),
    reviewHours: Type.Optional(limitFields.reviewHours),
  },
  { additionalProperties: false, description: 'Limits for a ticket type and/or domain; the most specific match wins, stage by stage' },
);

export const CreateDeadlinePolicyBody = Type.Object(
  {
    decision: Type.String({ minLength: 1, maxLength: 500, description: 'The decision that set it, e.g. "Quyết định số 12/2026/QĐ-UBND ngày 15/2/2026"' }),
    effectiveFrom: LocalDate,
    effectiveTo: Type.Optional(LocalDate),
    ...limitFields,
    reopenWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'Citizen reopen window, days (unset: REOPEN_WINDOW_DAYS)' })),
    autoCloseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Auto-close after the answer, days (unset: AUTO_CLOSE_DAYS)' })),
    overrides: Type.Optional(Type.Array(DeadlineOverrideSchema, { maxItems: 200 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const DeadlinePolicySchema = Type.Object({
  id: Type.String(),
  decision: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  ...limitFields,
  reopenWindowDays: Nullable(Type.Integer()),
  autoCloseDays: Nullable(Type.Integer()),
  overrides: Type.Array(DeadlineOverrideSchema),
  note: Nullable(Type.String()),
  inForce: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** The running stage of a ticket, as the ticket view shows it. */
export const TicketDeadlineSchema = Type.Object({
  stage: Nullable(StringEnum(STAGES)),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  dueAt: Nullable(Type.String({ format: 'date-time', description: 'Null while paused (waiting for the citizen) or when no stage runs' })),
  overdue: Type.Boolean(),
  paused: Type.Boolean(),
  pausedRemainingMinutes: Nullable(Type.Number({ description: 'Working minutes left when the clock paused' })),
  answerDueAt: Nullable(Type.String({ format: 'date-time', description: 'The agency’s answer deadline' })),
});
