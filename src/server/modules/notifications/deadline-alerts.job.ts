/**
 * Every minute: reminders before stage deadlines and escalation after them (deadline-alerts.ts).
 * Idempotent by the deadline_alerts table, so overlapping runs on several workers are harmless.
 */
import { z } from 'zod';
import { defineJob, type JobContext } from '../../jobs/job-definition.ts';
import { runDeadlineAlerts } from './deadline-alerts.ts';

export const DEADLINE_ALERTS_JOB = 'deadlines.alerts';

export const deadlineAlertsJob = defineJob({
  name: DEADLINE_ALERTS_JOB,
  schema: z.object({}).loose(),
  schedule: { cron: '* * * * *' },
  // A run that fails is simply the next minute's work.
  retryLimit: 0,
  async handle(_data, ctx: JobContext) {
    const result = await runDeadlineAlerts({ database: ctx.database, clock: ctx.clock });
    if (result.reminder + result.due + result.overdue > 0) ctx.log.info(result, 'deadline alerts fired');
  },
});
