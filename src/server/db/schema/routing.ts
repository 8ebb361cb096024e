/** Routing rules: which agency leads (and which cooperate) for a domain, a commune and a ticket type. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { domains, orgUnits } from './reference.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A null condition matches any value; among matching rules the higher priority ranks first. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    domainCode: text('domain_code').references(() => domains.code),
    communeId: uuid('commune_id').references(() => orgUnits.id),
    ticketType: text('ticket_type'),
    leadAgencyId: uuid('lead_agency_id').notNull().references(() => orgUnits.id),
    cooperatingAgencyIds: uuid('cooperating_agency_ids').array().notNull().default(sql`'{}'::uuid[]`),
    priority: integer('priority').notNull().default(0),
    active: boolean('active').notNull().default(true),
    note: text('note'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [index('routing_rules_match_idx').on(t.domainCode, t.active)],
);
