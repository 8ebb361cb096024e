import { deadlineAlertsJob } from '../modules/notifications/deadline-alerts.job.ts';
import { autoCloseJob } from '../modules/tickets/auto-close.job.ts';
import { heartbeatJob } from './heartbeat.job.ts';
import { analyzeJob, vacuumJob } from './table-statistics.job.ts';
import type { JobDefinition } from './job-definition.ts';

/** Every job the workers know. A job name not listed here is logged and dropped. */
export const jobDefinitions: ReadonlyArray<JobDefinition<never>> = [
  heartbeatJob as JobDefinition<never>,
  autoCloseJob as JobDefinition<never>,
  deadlineAlertsJob as JobDefinition<never>,
  analyzeJob as JobDefinition<never>,
  vacuumJob as JobDefinition<never>,
];
