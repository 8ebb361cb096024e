import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.ts';
import {
  CalendarExceptionListQuery,
  CalendarExceptionListSchema,
  CalendarExceptionParams,
  CalendarExceptionSchema,
  ImportCalendarExceptionsBody,
  SetCalendarExceptionBody,
} from './calendar.schemas.ts';
import { deleteCalendarException, importCalendarExceptions, listCalendarExceptions, setCalendarException } from './calendar-exceptions.service.ts';

const admin = { access: { roles: ['admin'] } } as const;
const tags = ['calendar'];
const REFUSALS =
  'Refused with 422 `calendar.invalid_days`, each bad row named: a date that does not exist (2026-02-30), a year the calendar does not cover, ' +
  'a make-up working day that is not a Saturday or Sunday, a date listed twice with different kinds. A change counts for the next deadline computed.';

/** Administrators keep the holidays, official days off and make-up working days; leaders and supervisors read them. */
export const calendarExceptionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/calendar/exceptions',
    {
      config: { access: { roles: ['admin', 'supervisor', 'leader'] } },
      schema: { tags, summary: 'Holidays, days off and make-up working days of a year, with where each came from', querystring: CalendarExceptionListQuery, response: { 200: CalendarExceptionListSchema, ...problems(400, 401, 403) } },
    },
    async (req) => ({ items: await listCalendarExceptions(app.deps, req.query.year) }),
  );

  app.put(
    '/calendar/exceptions/:date',
    {
      config: admin,
      schema: { tags, summary: 'Set the exception of one date (kept by the reference loader)', description: REFUSALS, params: CalendarExceptionParams, body: SetCalendarExceptionBody, response: { 200: CalendarExceptionSchema, ...problems(400, 401, 403, 422) } },
    },
    async (req) => setCalendarException(app.deps, req.actor, req.params.date, req.body),
  );

  app.delete(
    '/calendar/exceptions/:date',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Remove the exception of one date (it follows Monday–Friday again)',
        description: 'The date is remembered as cleared: the reference loader does not write a shipped row there again.',
        params: CalendarExceptionParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await deleteCalendarException(app.deps, req.actor, req.params.date);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/calendar/exceptions/import',
    {
      config: admin,
      schema: { tags, summary: 'Import a list of exceptions, all or nothing', description: REFUSALS, body: ImportCalendarExceptionsBody, response: { 200: CalendarExceptionListSchema, ...problems(400, 401, 403, 422) } },
    },
    async (req) => ({ items: await importCalendarExceptions(app.deps, req.actor, req.body.items) }),
  );
};
