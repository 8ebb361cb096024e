// The administrators' API as the admin pages use it: users, API tokens, the audit trail and
// deadline policy versions; types, calls and React Query keys.
import { api } from '../../api/client.ts';
import type { Role } from '../../../common/roles.ts';

export type UserStatus = 'active' | 'disabled';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  orgUnitId: string | null;
  orgUnitCode: string | null;
  status: string;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserFilters {
  q?: string;
  role?: Role;
  status?: UserStatus;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  orgUnitCode?: string;
}

export interface UpdateUserInput {
  version: number;
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  orgUnitCode?: string | null;
  status?: UserStatus;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiTokenInput {
  name: string;
  scopes: string[];
  expiresAt?: string;
  rateLimitPerMinute?: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
}

export interface AuditFilters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

export interface DeadlineLimits {
  triageHours: number;
  acceptanceHours: number;
  answerDays: number;
  reviewHours: number;
}

export interface DeadlinePolicy extends DeadlineLimits {
  id: string;
  decision: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  reopenWindowDays: number | null;
  autoCloseDays: number | null;
  overrides: Record<string, unknown>[];
  note: string | null;
  inForce: boolean;
  createdAt: string;
}

export interface CreateDeadlinePolicyInput extends DeadlineLimits {
  decision: string;
  effectiveFrom: string;
  note?: string;
}

export interface OrgUnitOption {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.append(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const adminKeys = {
  users: (filters: UserFilters) => ['admin', 'users', filters] as const,
  allUsers: ['admin', 'users'] as const,
  tokens: ['admin', 'api-tokens'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
  deadlinePolicies: ['admin', 'deadline-policies'] as const,
  orgUnits: ['reference', 'org-units', 'all-kinds'] as const,
};

export function listUsers(filters: UserFilters, cursor: string | undefined, signal?: AbortSignal): Promise<Page<AdminUser>> {
  return api.get(`/api/v1/users${query({ ...filters, cursor, limit: '50' })}`, signal);
}

export function createUser(input: CreateUserInput): Promise<{ user: AdminUser; temporaryPassword: string }> {
  return api.post('/api/v1/users', input);
}

export async function updateUser(id: string, input: UpdateUserInput): Promise<AdminUser> {
  return (await api.patch<{ user: AdminUser }>(`/api/v1/users/${id}`, input)).user;
}

export async function resetUserPassword(id: string): Promise<string> {
  return (await api.post<{ temporaryPassword: string }>(`/api/v1/users/${id}/reset-password`)).temporaryPassword;
}

export function unlockUser(id: string): Promise<void> {
  return api.post(`/api/v1/users/${id}/unlock`);
}

export function resetUserMfa(id: string): Promise<void> {
  return api.post(`/api/v1/users/${id}/reset-mfa`);
}

export async function listOrgUnits(signal?: AbortSignal): Promise<OrgUnitOption[]> {
  return (await api.get<{ items: OrgUnitOption[] }>('/api/v1/public/org-units', signal)).items;
}

export async function listApiTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await api.get<{ items: ApiToken[] }>('/api/v1/api-tokens', signal)).items;
}

export function createApiToken(input: CreateApiTokenInput): Promise<{ token: string; apiToken: ApiToken }> {
  return api.post('/api/v1/api-tokens', input);
}

export function revokeApiToken(id: string): Promise<void> {
  return api.delete(`/api/v1/api-tokens/${id}`);
}

export function searchAudit(filters: AuditFilters, cursor: string | undefined, signal?: AbortSignal): Promise<Page<AuditRow>> {
  return api.get(`/api/v1/audit${query({ ...filters, cursor, limit: '50' })}`, signal);
}

export async function listDeadlinePolicies(signal?: AbortSignal): Promise<DeadlinePolicy[]> {
  return (await api.get<{ items: DeadlinePolicy[] }>('/api/v1/deadline-policies', signal)).items;
}

export function createDeadlinePolicy(input: CreateDeadlinePolicyInput): Promise<DeadlinePolicy> {
  return api.post('/api/v1/deadline-policies', input);
}
