import { Type } from 'typebox';
import { StringEnum } from '../../lib/schemas.ts';
import { DUE_LIMITS } from './calendar.service.ts';

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD (Asia/Ho_Chi_Minh local date)' });

export const CalendarQuerySchema = Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false });

export const CalendarDaySchema = Type.Object({
  date: IsoDate,
  working: Type.Boolean(),
  reason: StringEnum(['weekday', 'weekend', 'holiday', 'day_off', 'working_day'], {
    description: 'weekday/weekend: the plain rule; holiday: public holiday; day_off: official day off; working_day: make-up working day',
  }),
  name: Type.Union([Type.String(), Type.Null()]),
});

export const CalendarDayListSchema = Type.Object({ items: Type.Array(CalendarDaySchema) });

const WorkingDays = Type.Integer({ minimum: 1, maximum: DUE_LIMITS.workingDays, description: 'Working days (ends at 17:00 on the Nth working day after the start date)' });
const WorkingHours = Type.Integer({ minimum: 1, maximum: DUE_LIMITS.workingHours, description: 'Working hours (office-hour time from the start)' });

export const DueQuerySchema = Type.Object(
  {
    start: Type.String({ format: 'date-time', description: 'ISO 8601 date-time with an offset, e.g. 2025-01-24T10:00:00+07:00' }),
    workingDays: Type.Optional(WorkingDays),
    workingHours: Type.Optional(WorkingHours),
  },
  { additionalProperties: false, description: 'Exactly one of workingDays and workingHours' },
);

export const DueSchema = Type.Object({
  start: Type.String({ format: 'date-time', description: 'The start, in UTC' }),
  due: Type.String({ format: 'date-time', description: 'When the deadline falls, in UTC' }),
  workingDays: Type.Optional(WorkingDays),
  workingHours: Type.Optional(WorkingHours),
});
