/**
 * Contacts, interactions and tickets: every contact with a citizen is an interaction; tickets
 * are the cases interactions become. Personal data sits in contacts; a ticket keeps a snapshot
 * of the contact's name and phone for search and display (masked where not needed).
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { deadlinePolicies } from './deadlines.ts';
import { domains, orgUnits } from './reference.ts';
import { users } from './users.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ts = (name: string) => timestamp(name, { withTimezone: true });

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull().default('person'),
    name: text('name'),
    email: text('email'),
    zaloUserId: text('zalo_user_id'),
    facebookId: text('facebook_id'),
    address: text('address'),
    communeId: uuid('commune_id').references(() => orgUnits.id),
    idNumber: text('id_number'),
    consentAt: ts('consent_at'),
    consentVersion: text('consent_version'),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => contacts.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('contacts_email_idx').on(sql`lower(${t.email})`),
    index('contacts_zalo_idx').on(t.zaloUserId),
    index('contacts_facebook_idx').on(t.facebookId),
  ],
);

/** A contact's phone numbers, in E.164 (+84…). */
export const contactPhones = pgTable(
  'contact_phones',
  {
    contactId: uuid('contact_id').notNull().references(() => contacts.id),
    phone: text('phone').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.phone] }), index('contact_phones_phone_idx').on(t.phone)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    type: text('type').notNull(),
    domainCode: text('domain_code').references(() => domains.code),
    title: text('title').notNull(),
    content: text('content').notNull(),
    address: text('address'),
    communeId: uuid('commune_id').references(() => orgUnits.id),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    contactId: uuid('contact_id').references(() => contacts.id),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    publicConsent: boolean('public_consent').notNull().default(false),
    originChannel: text('origin_channel').notNull(),
    priority: text('priority').notNull().default('normal'),
    status: text('status').notNull().default('new'),
    leadAgencyId: uuid('lead_agency_id').references(() => orgUnits.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    answer: text('answer'),
    answerDraft: text('answer_draft'),
    answeredAt: ts('answered_at'),
    repliedAt: ts('replied_at'),
    rejectReason: text('reject_reason'),
    outOfScopeCode: text('out_of_scope_code'),
    duplicateOfId: uuid('duplicate_of_id').references((): AnyPgColumn => tickets.id),
    satisfaction: smallint('satisfaction'),
    satisfactionComment: text('satisfaction_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    closedAt: ts('closed_at'),
    /** The deadline policy version in force when the ticket was created; it keeps it. */
    deadlinePolicyId: uuid('deadline_policy_id').references(() => deadlinePolicies.id),
    /** The running stage (triage, acceptance, answer, review), or null when none runs. */
    stage: text('stage'),
    stageStartedAt: ts('stage_started_at'),
    /** Null while the clock is paused (waiting for the citizen) with time left. */
    stageDueAt: ts('stage_due_at'),
    /** Working minutes left when the clock paused; null when it runs. */
    stagePausedRemainingMinutes: doublePrecision('stage_paused_remaining_minutes'),
    stagePausedAt: ts('stage_paused_at'),
    /** The agency's answer deadline (kept through review and send-back; an extension moves it). */
    answerDueAt: ts('answer_due_at'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', vn_norm(coalesce(code, '') || ' ' || coalesce(title, '') || ' ' || coalesce(content, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_phone, '') || ' ' || coalesce('0' || substr(contact_phone, 4), '')))`,
    ),
  },
  (t) => [
    // A small pending list: every search reads all of it (4 MB by default; at 1 M tickets a full
    // one doubled the cost of two common words searched together), and the insert that
    // overflows it merges it into the index.
    index('tickets_search_idx').using('gin', t.search).with({ gin_pending_list_limit: 256 }),
    index('tickets_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('tickets_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('tickets_lead_agency_idx').on(t.leadAgencyId, t.status),
    index('tickets_contact_idx').on(t.contactId),
    index('tickets_contact_phone_idx').on(t.contactPhone),
    index('tickets_assignee_idx').on(t.assigneeId),
    index('tickets_duplicate_of_idx').on(t.duplicateOfId),
    // The overdue filter: running stages by due time (paused and finished stages have none).
    index('tickets_stage_due_idx').on(t.stageDueAt).where(sql`${t.stageDueAt} IS NOT NULL`),
  ],
);

/** Every agency a ticket was sent to, as lead or cooperating: what agency users may see. */
export const ticketAgencies = pgTable(
  'ticket_agencies',
  {
    // One row per time a ticket was given to an agency (as lead or cooperating): forwarded to the
    // same agency again, it gets a new row, so that what happened to the first (returned,
    // recalled) stays in the history and in the reports of its period.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
    role: text('role').notNull(),
    since: ts('since').notNull(),
    until: ts('until'),
  },
  (t) => [index('ticket_agencies_ticket_idx').on(t.ticketId, t.orgUnitId, t.role), index('ticket_agencies_unit_idx').on(t.orgUnitId, t.ticketId)],
);

/** The gapless per-year sequence behind ticket codes. */
export const ticketCodeCounters = pgTable('ticket_code_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** The ticket's history: one row per transition or edit, public or internal. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    at: ts('at').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    visibility: text('visibility').notNull().default('internal'),
    data: jsonb('data'),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)],
);

/** Calls, messages, emails and form submissions. Unique per (channel, provider message id). */
export const interactions = pgTable(
  'interactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    direction: text('direction').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    content: text('content'),
    providerMessageId: text('provider_message_id'),
    operatorId: uuid('operator_id').references(() => users.id),
    occurredAt: ts('occurred_at').notNull(),
    callerNumber: text('caller_number'),
    callStartedAt: ts('call_started_at'),
    callAnsweredAt: ts('call_answered_at'),
    callEndedAt: ts('call_ended_at'),
    callDurationSeconds: integer('call_duration_seconds'),
    callDisposition: text('call_disposition'),
    recordingRef: text('recording_ref'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('interactions_provider_idx').on(t.channel, t.providerMessageId).where(sql`${t.providerMessageId} IS NOT NULL`),
    index('interactions_contact_idx').on(t.contactId, t.occurredAt),
    index('interactions_ticket_idx').on(t.ticketId, t.occurredAt),
  ],
);

/** Retried citizen submissions with the same Idempotency-Key make one ticket. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  requestHash: text('request_hash').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** Files attached to a ticket (or to one of its interactions), stored under DATA_DIR by content hash. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    interactionId: uuid('interaction_id').references(() => interactions.id),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    visibility: text('visibility').notNull().default('internal'),
    uploadedById: uuid('uploaded_by_id').references(() => users.id),
    uploadedByCitizen: boolean('uploaded_by_citizen').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('attachments_ticket_idx').on(t.ticketId, t.createdAt)],
);

/**
 * The lead agency's one request for more time to answer (the primary key keeps it to one per
 * ticket), and the supervisor's decision.
 */
export const ticketExtensions = pgTable('ticket_extensions', {
  ticketId: uuid('ticket_id').primaryKey().references(() => tickets.id),
  agencyId: uuid('agency_id').notNull().references(() => orgUnits.id),
  reason: text('reason').notNull(),
  /** Local date the agency proposes to answer by. */
  proposedDueDate: date('proposed_due_date').notNull(),
  /** The answer deadline when it was asked. */
  previousDueAt: ts('previous_due_at'),
  requestedById: uuid('requested_by_id').references(() => users.id),
  requestedAt: ts('requested_at').notNull(),
  /** requested, approved or refused. */
  status: text('status').notNull().default('requested'),
  grantedDueAt: ts('granted_due_at'),
  decisionNote: text('decision_note'),
  decidedById: uuid('decided_by_id').references(() => users.id),
  decidedAt: ts('decided_at'),
});

/** What the lead agency reports once the answer deadline has passed: work done and a committed date. */
export const ticketProgressReports = pgTable(
  'ticket_progress_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    agencyId: uuid('agency_id').notNull().references(() => orgUnits.id),
    done: text('done').notNull(),
    committedDate: date('committed_date').notNull(),
    reportedById: uuid('reported_by_id').references(() => users.id),
    reportedByLabel: text('reported_by_label').notNull(),
    reportedAt: ts('reported_at').notNull(),
  },
  (t) => [index('ticket_progress_reports_ticket_idx').on(t.ticketId, t.reportedAt)],
);
