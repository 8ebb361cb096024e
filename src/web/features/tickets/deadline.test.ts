import { describe, expect, it } from 'vitest';
import { deadlineState, workingMinutesBetween, type TicketDeadline } from './deadline.ts';

// 2026-03-02 is a Monday; 08:00 in Vietnam is 01:00 UTC.
const at = (iso: string) => new Date(iso);
const stage = (startedAt: string, dueAt: string, extra: Partial<TicketDeadline> = {}): TicketDeadline => ({
  stage: 'triage',
  startedAt,
  dueAt,
  overdue: false,
  paused: false,
  pausedRemainingMinutes: null,
  answerDueAt: null,
  ...extra,
});

describe('workingMinutesBetween', () => {
  it('counts office hours only, Vietnam time', () => {
    // Monday 08:00 → 12:00: 08:00–11:30 = 210 minutes.
    expect(workingMinutesBetween(at('2026-03-02T01:00:00Z'), at('2026-03-02T05:00:00Z'))).toBe(210);
    // A whole weekday: 4.5 h + 3.5 h.
    expect(workingMinutesBetween(at('2026-03-01T17:00:00Z'), at('2026-03-02T17:00:00Z'))).toBe(480);
    // Friday 16:00 → Monday 08:00: 60 + 60 minutes, the weekend skipped.
    expect(workingMinutesBetween(at('2026-03-06T09:00:00Z'), at('2026-03-09T01:00:00Z'))).toBe(120);
    expect(workingMinutesBetween(at('2026-03-09T01:00:00Z'), at('2026-03-06T09:00:00Z'))).toBe(0);
  });
});

describe('deadlineState', () => {
  it('is green with time to spare, orange near the end, red after it', () => {
    const ticket = stage('2026-03-02T01:00:00Z', '2026-03-06T10:00:00Z');
    expect(deadlineState(ticket, at('2026-03-02T02:00:00Z'))).toBe('onTime');
    // Friday 14:00 Vietnam time: 3 working hours left.
    expect(deadlineState(ticket, at('2026-03-06T07:00:00Z'))).toBe('dueSoon');
    expect(deadlineState(ticket, at('2026-03-06T10:00:01Z'))).toBe('overdue');
    expect(deadlineState({ ...ticket, overdue: true }, at('2026-03-02T02:00:00Z'))).toBe('overdue');
  });

  it('is orange in the last quarter of a long stage', () => {
    // Ten working days; two left.
    const ticket = stage('2026-03-02T00:00:00Z', '2026-03-13T10:00:00Z', { stage: 'answer' });
    expect(deadlineState(ticket, at('2026-03-11T10:00:00Z'))).toBe('dueSoon');
    expect(deadlineState(ticket, at('2026-03-09T10:00:00Z'))).toBe('onTime');
  });

  it('is grey while paused and empty without a stage', () => {
    expect(deadlineState(stage('2026-03-02T01:00:00Z', '', { dueAt: null, paused: true, pausedRemainingMinutes: 30 }))).toBe('paused');
    expect(deadlineState({ ...stage('', ''), stage: null, startedAt: null, dueAt: null })).toBe('none');
    expect(deadlineState(undefined)).toBe('none');
  });
});
