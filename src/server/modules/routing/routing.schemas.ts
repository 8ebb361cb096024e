/** Shapes of the routing API. */
import { Type } from 'typebox';
import { TICKET_TYPES } from '../../../common/tickets.ts';
import { StringEnum } from '../../lib/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Code = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

export const CreateRoutingRuleBody = Type.Object(
  {
    domainCode: Type.Optional(Code('Domain; unset: any')),
    communeCode: Type.Optional(Code('Commune or ward in force; unset: any')),
    ticketType: Type.Optional(StringEnum(TICKET_TYPES, { description: 'Ticket type; unset: any' })),
    leadAgencyCode: Code('The lead agency (in force)'),
    cooperatingAgencyCodes: Type.Optional(Type.Array(Code('A cooperating agency (in force)'), { maxItems: 20 })),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000, default: 0, description: 'Higher ranks first' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const RoutingRuleSchema = Type.Object({
  id: Type.String(),
  domainCode: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
  communeName: Nullable(Type.String()),
  ticketType: Nullable(Type.String()),
  leadAgencyCode: Type.String(),
  leadAgencyName: Type.String(),
  cooperatingAgencyCodes: Type.Array(Type.String()),
  priority: Type.Integer(),
  active: Type.Boolean(),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  disabledAt: Nullable(Type.String({ format: 'date-time' })),
});

export const RoutingRuleListQuery = Type.Object({ includeDisabled: Type.Boolean({ default: false }) }, { additionalProperties: false });
export const RoutingRuleParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RoutingSuggestionsSchema = Type.Object({
  ticketCode: Type.String(),
  communeCode: Nullable(Type.String()),
  successorCommuneCodes: Type.Array(Type.String(), { description: 'The communes in force the ticket’s (ended) commune became' }),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      agencyCode: Type.String(),
      agencyName: Type.String(),
      cooperatingAgencyCodes: Type.Array(Type.String()),
      rule: Nullable(
        Type.Object({ id: Type.String(), priority: Type.Integer(), domainCode: Nullable(Type.String()), communeCode: Nullable(Type.String()), ticketType: Nullable(Type.String()) }),
      ),
      forwardsLast90Days: Type.Integer({ description: 'Similar tickets (same domain and commune) operators forwarded to it in the last 90 days' }),
      reason: Type.String({ description: 'Why it is suggested, in Vietnamese' }),
    }),
  ),
});
