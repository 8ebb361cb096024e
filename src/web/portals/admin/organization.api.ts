// The administrators' API for the organization tree, domains, routing rules and the holiday
// calendar: types, calls and React Query keys.
import type { DomainFields, DomainView, OrgUnitFields as CommonOrgUnitFields, OrgUnitKind, OrgUnitView } from '../../../common/organization.ts';
import { api } from '../../api/client.ts';

export { ORG_UNIT_KINDS } from '../../../common/organization.ts';
export type { DomainView, FocalPoint, OrgUnitKind, OrgUnitView } from '../../../common/organization.ts';

/** The fields the unit dialog edits (the head's account and the note are set elsewhere); null clears one. */
export type OrgUnitFields = Omit<CommonOrgUnitFields, 'headUserId' | 'note'>;

export interface RoutingRule {
  id: string;
  domainCode: string | null;
  communeCode: string | null;
  communeName: string | null;
  ticketType: string | null;
  leadAgencyCode: string;
  leadAgencyName: string;
  cooperatingAgencyCodes: string[];
  priority: number;
  active: boolean;
  note: string | null;
  createdAt: string;
  disabledAt: string | null;
}

export interface CreateRoutingRuleInput {
  domainCode?: string;
  communeCode?: string;
  ticketType?: string;
  leadAgencyCode: string;
  cooperatingAgencyCodes?: string[];
  priority?: number;
  note?: string;
}

export const EXCEPTION_KINDS = ['holiday', 'day_off', 'working_day'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export interface CalendarException {
  date: string;
  kind: ExceptionKind;
  name: string;
  nameEn: string;
  source: string;
  origin: 'reference' | 'admin';
}

export const organizationKeys = {
  orgUnits: (includeEnded: boolean) => ['admin', 'org-units', { includeEnded }] as const,
  allOrgUnits: ['admin', 'org-units'] as const,
  domains: ['admin', 'domains'] as const,
  routingRules: (includeDisabled: boolean) => ['admin', 'routing-rules', { includeDisabled }] as const,
  allRoutingRules: ['admin', 'routing-rules'] as const,
  calendar: (year: number) => ['admin', 'calendar', year] as const,
  allCalendar: ['admin', 'calendar'] as const,
};

const unit = (code: string) => `/api/v1/org-units/${encodeURIComponent(code)}`;

export async function listOrgUnitViews(includeEnded: boolean, signal?: AbortSignal): Promise<OrgUnitView[]> {
  return (await api.get<{ items: OrgUnitView[] }>(`/api/v1/org-units?includeEnded=${includeEnded}`, signal)).items;
}

export function createOrgUnit(input: Partial<OrgUnitFields> & { code: string; name: string; kind: OrgUnitKind }): Promise<OrgUnitView> {
  return api.post('/api/v1/org-units', input);
}

export function updateOrgUnit(code: string, input: Partial<OrgUnitFields> & { version: number }): Promise<OrgUnitView> {
  return api.patch(unit(code), input);
}

export function setSuccessors(code: string, version: number, successorCodes: string[]): Promise<OrgUnitView> {
  return api.put(`${unit(code)}/successors`, { version, successorCodes });
}

export function setFocalPoints(code: string, version: number, userIds: string[]): Promise<OrgUnitView> {
  return api.put(`${unit(code)}/focal-points`, { version, userIds });
}

export async function listDomainViews(signal?: AbortSignal): Promise<DomainView[]> {
  return (await api.get<{ items: DomainView[] }>('/api/v1/domains', signal)).items;
}

export function createDomain(input: Partial<DomainFields> & { code: string; name: string; nameEn: string }): Promise<DomainView> {
  return api.post('/api/v1/domains', input);
}

export function updateDomain(code: string, input: Partial<DomainFields>): Promise<DomainView> {
  return api.patch(`/api/v1/domains/${encodeURIComponent(code)}`, input);
}

export async function listRoutingRules(includeDisabled: boolean, signal?: AbortSignal): Promise<RoutingRule[]> {
  return (await api.get<{ items: RoutingRule[] }>(`/api/v1/routing-rules?includeDisabled=${includeDisabled}`, signal)).items;
}

export function createRoutingRule(input: CreateRoutingRuleInput): Promise<RoutingRule> {
  return api.post('/api/v1/routing-rules', input);
}

export function disableRoutingRule(id: string): Promise<RoutingRule> {
  return api.post(`/api/v1/routing-rules/${id}/disable`);
}

export async function listCalendarExceptions(year: number, signal?: AbortSignal): Promise<CalendarException[]> {
  return (await api.get<{ items: CalendarException[] }>(`/api/v1/calendar/exceptions?year=${year}`, signal)).items;
}

export function setCalendarException(date: string, input: { kind: ExceptionKind; name: string; nameEn?: string; source: string }): Promise<CalendarException> {
  return api.put(`/api/v1/calendar/exceptions/${date}`, input);
}

export function deleteCalendarException(date: string): Promise<void> {
  return api.delete(`/api/v1/calendar/exceptions/${date}`);
}
