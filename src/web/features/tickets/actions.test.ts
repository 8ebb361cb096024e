import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/auth.api.ts';
import { availableActions } from './actions.ts';
import type { Ticket, TicketExtension } from './tickets.api.ts';

const NOW = new Date('2026-03-20T03:00:00Z');
const user = (roles: string[]): SessionUser => ({ id: 'u1', username: 'u', displayName: 'U', roles, orgUnitId: 'x', mustChangePassword: false });
const ticket = (extra: Partial<Ticket>): Ticket =>
  ({
    code: '1022-2026-000001',
    status: 'in_progress',
    leadAgencyCode: 'so-xay-dung',
    assigneeId: null,
    duplicateOfCode: null,
    extension: null,
    deadline: { stage: 'answer', startedAt: '2026-03-02T01:00:00Z', dueAt: '2026-03-31T10:00:00Z', overdue: false, paused: false, pausedRemainingMinutes: null, answerDueAt: '2026-03-31T10:00:00Z' },
    ...extra,
  }) as Ticket;
const requested: TicketExtension = {
  status: 'requested',
  agencyCode: 'so-xay-dung',
  reason: 'r',
  proposedDueDate: '2026-04-15',
  previousDueAt: null,
  requestedAt: '2026-03-19T03:00:00Z',
  grantedDueAt: null,
  decisionNote: null,
  decidedAt: null,
};

describe('ticket actions offered', () => {
  it('lets the focal point ask once for an extension, and report progress only once the answer is late', () => {
    const focal = user(['agency_focal']);
    expect(availableActions(focal, ticket({}), NOW)).toContain('request-extension');
    expect(availableActions(focal, ticket({}), NOW)).not.toContain('progress-report');
    expect(availableActions(focal, ticket({ extension: requested }), NOW)).not.toContain('request-extension');
    const late = ticket({ deadline: { ...ticket({}).deadline!, dueAt: '2026-03-10T10:00:00Z', answerDueAt: '2026-03-10T10:00:00Z', overdue: true } });
    expect(availableActions(focal, late, NOW)[0]).toBe('progress-report');
    expect(availableActions(focal, { ...late, status: 'waiting_citizen' }, NOW)).toContain('progress-report');
  });

  it('offers the decision on a pending extension to supervisors only', () => {
    expect(availableActions(user(['supervisor']), ticket({ extension: requested }), NOW)[0]).toBe('decide-extension');
    expect(availableActions(user(['operator']), ticket({ extension: requested }), NOW)).not.toContain('decide-extension');
    expect(availableActions(user(['supervisor']), ticket({ extension: { ...requested, status: 'approved' } }), NOW)).not.toContain('decide-extension');
    expect(availableActions(user(['leader']), ticket({ extension: requested }), NOW)).toEqual([]);
  });
});
