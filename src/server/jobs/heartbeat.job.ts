import { z } from 'zod';
import { recordHeartbeat } from '../modules/system/system.service.ts';
import { defineJob } from './job-definition.ts';

/** A scheduled no-op that records when it last ran: the proof that workers are alive. */
export const heartbeatJob = defineJob({
  name: 'system.heartbeat',
  schema: z.object({}).loose(),
  schedule: { cron: '* * * * *' },
  async handle(_data, ctx) {
    await recordHeartbeat(ctx.database, 'system.heartbeat', ctx.clock.now());
  },
});
