import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicRoute } from '../../lib/rate-limits.ts';
import { negotiateLanguage } from '../../lib/language.ts';
import { problems } from '../../lib/schemas.ts';
import { CalendarDayListSchema, CalendarQuerySchema, DueQuerySchema, DueSchema } from './calendar.schemas.ts';
import { calendarDaysBetween, computeDue } from './calendar.service.ts';

/** Citizens' endpoints: no sign-in, so a per-address rate limit. */

/** The public working-day calendar and the deadline calculator built on it. */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const PUBLIC = publicRoute(app.deps.config, 'read');
  const db = () => app.deps.database.db;

  app.get(
    '/public/calendar/days',
    {
      config: PUBLIC,
      schema: {
        tags: ['calendar'],
        summary: 'Working and non-working days between two dates (at most two years)',
        querystring: CalendarQuerySchema,
        response: { 200: CalendarDayListSchema, ...problems(400) },
      },
    },
    async (req) => ({
      items: await calendarDaysBetween(db(), req.query.from, req.query.to, negotiateLanguage(req.headers['accept-language'])),
    }),
  );

  app.get(
    '/public/calendar/due',
    {
      config: PUBLIC,
      schema: {
        tags: ['calendar'],
        summary: 'When a deadline of N working days or N working hours falls due',
        description:
          'Office hours 07:00–11:30 and 13:30–17:00 (Asia/Ho_Chi_Minh, UTC+7) on working days: Monday–Friday and ' +
          'make-up working days, minus public holidays and official days off. N working days end at 17:00 on the Nth ' +
          'working day after the start date (the start day is not counted). N working hours count office time from ' +
          'the start (a start outside office hours counts from the next opening). Give exactly one of workingDays and workingHours.',
        querystring: DueQuerySchema,
        response: { 200: DueSchema, ...problems(400) },
      },
    },
    async (req) => computeDue(db(), req.query),
  );
};
