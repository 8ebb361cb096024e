import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '../../../common/roles.ts';
import { problems } from '../../lib/schemas.ts';
import { ProlongedReportSchema, TimelinessQuery, TimelinessReportSchema } from './reports.schemas.ts';
import { listProlonged, timeliness } from './reports.service.ts';

const READERS: Role[] = ['leader', 'supervisor', 'admin'];
const tags = ['reports'];

/** Reports for the province's leaders and the hotline's managers. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/prolonged',
    {
      config: { access: { roles: READERS } },
      schema: {
        tags,
        summary: 'Prolonged tickets: overdue by more than PROLONGED_OVERDUE_WORKING_DAYS working days, or reopened at least PROLONGED_REOPEN_COUNT times',
        response: { 200: ProlongedReportSchema, ...problems(401, 403) },
      },
    },
    async () => listProlonged(app.deps),
  );

  app.get(
    '/timeliness',
    {
      config: { access: { roles: READERS } },
      schema: {
        tags,
        summary: 'Timeliness per lead agency for tickets it received in a period (local dates, inclusive)',
        querystring: TimelinessQuery,
        response: { 200: TimelinessReportSchema, ...problems(400, 401, 403) },
      },
    },
    async (req) => timeliness(app.deps, req.query),
  );
};

