/** Request and response shapes of the tickets API. */
import { Type } from 'typebox';
import { CHANNELS, EXTENSION_STATUSES, PRIORITIES, REJECT_REASONS, TICKET_STATUSES, TICKET_TYPES } from '../../../common/tickets.ts';
import { Nullable, StringEnum } from '../../lib/schemas.ts';
import { TicketDeadlineSchema } from '../deadlines/deadlines.schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const LocalDate = Type.String({ format: 'date', description: 'Local date (Asia/Ho_Chi_Minh), YYYY-MM-DD' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const TicketCodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9]{1,10}-\\d{4}-\\d{6}$', description: 'e.g. 1022-2026-000123' }) });

export const ContactInputSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    idNumber: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'CCCD, 12 digits' })),
    zaloUserId: Type.Optional(Type.String({ maxLength: 100 })),
    facebookId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const CallSchema = Type.Object(
  {
    callerNumber: Type.Optional(Type.String({ maxLength: 30 })),
    startedAt: Type.Optional(DateTime),
    answeredAt: Type.Optional(DateTime),
    endedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Within 24 hours of startedAt (422 otherwise)' })),
    disposition: Type.Optional(Type.String({ maxLength: 50 })),
    recordingRef: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const CreateTicketBody = Type.Object(
  {
    type: StringEnum(TICKET_TYPES),
    domainCode: Type.Optional(Type.String({ maxLength: 64 })),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    content: Text(20_000),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    communeCode: Type.Optional(Type.String({ maxLength: 64 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    priority: Type.Optional(StringEnum(PRIORITIES)),
    publicConsent: Type.Optional(Type.Boolean()),
    channel: StringEnum(CHANNELS),
    contact: Type.Optional(ContactInputSchema),
    interaction: Type.Optional(
      Type.Object(
        {
          providerMessageId: Type.Optional(Type.String({ maxLength: 200 })),
          occurredAt: Type.Optional(DateTime),
          content: Type.Optional(Type.String({ maxLength: 20_000 })),
          call: Type.Optional(CallSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const TicketEventSchema = Type.Object({
  at: DateTime,
  actorLabel: Type.String(),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  note: Nullable(Type.String()),
  visibility: Type.String(),
});

export const TicketSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  type: Type.String(),
  domainCode: Nullable(Type.String()),
  domainName: Nullable(Type.String()),
  title: Type.String(),
  content: Type.String(),
  address: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  contactId: Nullable(Type.String()),
  contactName: Nullable(Type.String({ description: 'Masked; reveal through /contacts/{id}/reveal' })),
  contactPhone: Nullable(Type.String({ description: 'Masked' })),
  publicConsent: Type.Boolean(),
  originChannel: Type.String(),
  priority: Type.String(),
  status: StringEnum(TICKET_STATUSES),
  leadAgencyCode: Nullable(Type.String()),
  leadAgencyName: Nullable(Type.String()),
  cooperatingAgencyCodes: Type.Array(Type.String()),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  answerDraft: Nullable(Type.String()),
  answeredAt: Nullable(DateTime),
  repliedAt: Nullable(DateTime),
  rejectReason: Nullable(Type.String()),
  outOfScopeCode: Nullable(Type.String()),
  duplicateOfCode: Nullable(Type.String()),
  satisfaction: Nullable(Type.Integer()),
  satisfactionComment: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  version: Type.Integer({ description: 'Send it with every action: a stale one is refused with 409' }),
  createdAt: DateTime,
  updatedAt: DateTime,
  closedAt: Nullable(DateTime),
  deadline: TicketDeadlineSchema,
  extension: Nullable(
    Type.Object({
      status: StringEnum(EXTENSION_STATUSES),
      agencyCode: Type.String(),
      reason: Type.String(),
      proposedDueDate: Type.String({ format: 'date' }),
      previousDueAt: Nullable(DateTime),
      requestedAt: DateTime,
      grantedDueAt: Nullable(DateTime),
      decisionNote: Nullable(Type.String()),
      decidedAt: Nullable(DateTime),
    }),
  ),
  progressReports: Type.Array(
    Type.Object({ agencyCode: Type.String(), done: Type.String(), committedDate: Type.String({ format: 'date' }), reportedBy: Type.String(), reportedAt: DateTime }),
  ),
  events: Type.Array(TicketEventSchema),
});

export const TicketListItemSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  type: Type.String(),
  domainCode: Nullable(Type.String()),
  title: Type.String(),
  status: Type.String(),
  priority: Type.String(),
  originChannel: Type.String(),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  leadAgencyCode: Nullable(Type.String()),
  assigneeId: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  deadline: TicketDeadlineSchema,
});

const list = <T extends Parameters<typeof StringEnum>[0]>(values: T) => Type.Optional(Type.Array(StringEnum(values), { maxItems: values.length }));

export const TicketListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words (accents optional, đ = d), a ticket code or a phone number' })),
    status: list(TICKET_STATUSES),
    type: list(TICKET_TYPES),
    domain: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 30 })),
    channel: list(CHANNELS),
    agency: Type.Optional(Type.String({ maxLength: 64, description: 'Org unit code: tickets it (or a unit below it) handles or handled' })),
    // Anything else reached SQL as a uuid (a 500 found by fuzzing).
    assignee: Type.Optional(Type.String({ pattern: '^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$', description: 'A user id, or `me`' })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    overdue: Type.Optional(Type.Boolean({ description: 'true: the running stage is past its due time; false: it is not (or none runs)' })),
    extension: Type.Optional(StringEnum(EXTENSION_STATUSES, { description: 'Only tickets whose extension request is in this state (`requested`: waiting for a supervisor)' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    exhaustive: Type.Optional(
      Type.Boolean({
        description:
          'A word search runs to the end however long it takes. Without it a search that would take long (two common words that rarely occur together, on millions of tickets) stops after SEARCH_BUDGET_MS and answers with the newest matches found, `complete: false`.',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const TicketListSchema = Type.Object({
  items: Type.Array(TicketListItemSchema),
  nextCursor: Nullable(Type.String()),
  complete: Type.Boolean({
    description: 'false: the word search stopped at its time budget; the items are the newest matches it found, older tickets were not searched (ask again with `exhaustive=true`)',
  }),
});

const V = { version: Type.Integer({ minimum: 1 }) };
const obj = (props: Parameters<typeof Type.Object>[0]) => Type.Object({ ...V, ...props }, { additionalProperties: false });

/** The body of each transition. */
export const actionBodies = {
  classify: obj({
    type: Type.Optional(StringEnum(TICKET_TYPES)),
    domainCode: Type.Optional(Type.String({ maxLength: 64 })),
    priority: Type.Optional(StringEnum(PRIORITIES)),
    title: Type.Optional(Text(300)),
  }),
  reject: obj({
    reason: StringEnum(REJECT_REASONS.filter((r) => r !== 'duplicate')),
    outOfScopeCode: Type.Optional(Type.String({ maxLength: 64 })),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  }),
  answer: obj({ answer: Text(20_000) }),
  forward: obj({
    leadAgencyCode: Type.String({ maxLength: 64 }),
    cooperatingAgencyCodes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    routingChoice: Type.Optional(
      Type.Object(
        {
          // One schema with a type list, not a union: with type coercion on, a union would turn 0 into null.
          rank: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, description: 'Rank (1 = first) of the chosen agency among the suggestions shown; null: chosen outside them' }),
          suggestedCodes: Type.Array(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }), { maxItems: 20, description: 'The agency codes suggested, in the order shown' }),
        },
        { additionalProperties: false, description: 'The operator\'s choice in the forward dialog (GET …/routing-suggestions), recorded in the forward event' },
      ),
    ),
  }),
  accept: obj({}),
  return: obj({ reason: Text(5000) }),
  recall: obj({ reason: Text(5000) }),
  assign: obj({ assigneeId: Type.String({ format: 'uuid' }) }),
  'request-info': obj({ question: Text(5000) }),
  'citizen-replied': obj({ reply: Text(20_000) }),
  'draft-answer': obj({ draft: Text(20_000) }),
  'submit-answer': obj({ answer: Type.Optional(Text(20_000)) }),
  approve: obj({ answer: Type.Optional(Text(20_000)) }),
  'send-back': obj({ note: Text(5000) }),
  reply: obj({ message: Type.Optional(Text(20_000)) }),
  close: obj({ note: Type.Optional(Type.String({ maxLength: 5000 })) }),
  reopen: obj({ reason: Text(5000) }),
  'link-duplicate': obj({ masterCode: Type.String({ pattern: '^[A-Za-z0-9]{1,10}-\\d{4}-\\d{6}$' }) }),
  'unlink-duplicate': obj({}),
  comment: obj({ note: Text(5000) }),
  'request-extension': obj({ reason: Text(5000), proposedDueDate: LocalDate }),
  'decide-extension': obj({
    decision: StringEnum(['approve', 'refuse'] as const),
    dueDate: Type.Optional({ ...LocalDate, description: 'Approve only: the granted date (default: the proposed one); the answer is due at its close of office hours' }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  }),
  'progress-report': obj({ done: Text(20_000), committedDate: LocalDate }),
};
