import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../calendar/working-time.ts';
import { limitsFor, pauseStage, resumeStage, stageAfter, startStage, type PolicyLimits, type StageState } from './stage-clock.ts';

const calendar = buildWorkingCalendar([]);
const policy: PolicyLimits = {
  triageHours: 8,
  acceptanceHours: 8,
  answerDays: 10,
  reviewHours: 8,
  overrides: [
    { domainCode: 'land', answerDays: 15 },
    { type: 'question', answerDays: 5, reviewHours: 4 },
    { type: 'question', domainCode: 'land', answerDays: 7 },
  ],
};
const idle: StageState = { stage: null, stageStartedAt: null, stageDueAt: null, stagePausedRemainingMinutes: null, stagePausedAt: null, answerDueAt: null };
// Monday 2/3/2026, 09:00 in Hà Nội.
const monday9 = new Date('2026-03-02T02:00:00Z');

describe('deadline limits', () => {
  it('takes, stage by stage, the most specific override: type and domain, then domain, then type', () => {
    expect(limitsFor(policy, 'feedback', null)).toEqual({ triageHours: 8, acceptanceHours: 8, answerDays: 10, reviewHours: 8 });
    expect(limitsFor(policy, 'feedback', 'land').answerDays).toBe(15);
    expect(limitsFor(policy, 'question', 'health')).toMatchObject({ answerDays: 5, reviewHours: 4 });
    expect(limitsFor(policy, 'question', 'land')).toMatchObject({ answerDays: 7, reviewHours: 4 });
  });
});

describe('stage clock', () => {
  it('starts triage in working hours and the answer in working days', () => {
    // 6 hours left on Monday, 2 more on Tuesday morning.
    expect(startStage('triage', monday9, policy, calendar).stageDueAt).toEqual(new Date('2026-03-03T02:00:00Z'));
    const answer = startStage('answer', monday9, policy, calendar);
    expect(answer.stageDueAt).toEqual(new Date('2026-03-16T10:00:00Z'));
    expect(answer.answerDueAt).toEqual(answer.stageDueAt);
  });

  it('pauses with the working time left and resumes with exactly that much', () => {
    const running = { ...idle, ...startStage('answer', monday9, policy, calendar) } as StageState;
    const paused = { ...running, ...pauseStage(running, monday9, calendar) } as StageState;
    expect(paused).toMatchObject({ stageDueAt: null, stagePausedRemainingMinutes: 86 * 60, stagePausedAt: monday9 });
    // The citizen answers a week later: 86 working hours from Monday 9/3, 09:00.
    const resumed = { ...paused, ...resumeStage(paused, new Date('2026-03-09T02:00:00Z'), calendar) } as StageState;
    expect(resumed).toMatchObject({ stageDueAt: new Date('2026-03-23T10:00:00Z'), answerDueAt: new Date('2026-03-23T10:00:00Z'), stagePausedAt: null, stagePausedRemainingMinutes: null });
  });

  it('keeps an overdue stage overdue through a pause', () => {
    const running = { ...idle, ...startStage('triage', monday9, policy, calendar) } as StageState;
    const late = new Date('2026-03-05T02:00:00Z');
    const paused = { ...running, ...pauseStage(running, late, calendar) } as StageState;
    expect(paused.stageDueAt).toEqual(running.stageDueAt);
    const resumed = { ...paused, ...resumeStage(paused, late, calendar) } as StageState;
    expect(resumed.stageDueAt).toEqual(running.stageDueAt);
  });

  it('sends an answer back under the answer deadline the agency already had, and stops at the answer', () => {
    const answering = { ...idle, ...startStage('answer', monday9, policy, calendar) } as StageState;
    const review = { ...answering, ...stageAfter('submit-answer', 'answer_submitted', answering, monday9, policy, calendar) } as StageState;
    expect(review.stage).toBe('review');
    const back = stageAfter('send-back', 'in_progress', review, new Date('2026-03-04T02:00:00Z'), policy, calendar);
    expect(back).toMatchObject({ stage: 'answer', stageDueAt: answering.answerDueAt });
    expect(stageAfter('approve', 'answered', review, monday9, policy, calendar)).toMatchObject({ stage: null, stageDueAt: null, answerDueAt: answering.answerDueAt });
    expect(stageAfter('comment', 'in_progress', answering, monday9, policy, calendar)).toBeUndefined();
  });
});
