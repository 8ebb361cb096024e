/** Shapes of the reports API. */
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const LocalDate = (description: string) => Type.String({ format: 'date', description });

export const ProlongedReportSchema = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  overdueWorkingDaysAbove: Type.Integer(),
  reopenCountAtLeast: Type.Integer(),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      title: Type.String(),
      type: Type.String(),
      domainCode: Nullable(Type.String()),
      status: Type.String(),
      leadAgencyCode: Nullable(Type.String()),
      leadAgencyName: Nullable(Type.String()),
      createdAt: Type.String({ format: 'date-time' }),
      reopenCount: Type.Integer(),
      overdueWorkingDays: Nullable(Type.Number({ description: 'Working days past the running stage’s due time (one decimal)' })),
      reasons: Type.Array(
        Type.Union([
          Type.Object({ kind: Type.Literal('overdue'), stage: Nullable(Type.String()), dueAt: Type.String({ format: 'date-time' }), overdueWorkingDays: Type.Number() }),
          Type.Object({ kind: Type.Literal('reopened'), reopenCount: Type.Integer() }),
        ]),
      ),
      reason: Type.String({ description: 'The reasons in Vietnamese' }),
    }),
  ),
});

export const TimelinessQuery = Type.Object(
  { from: LocalDate('First local date (Asia/Ho_Chi_Minh), inclusive'), to: LocalDate('Last local date, inclusive (at most one year after `from`)') },
  { additionalProperties: false },
);

export const TimelinessReportSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      agencyCode: Type.String(),
      agencyName: Type.String(),
      received: Type.Integer({ description: 'Tickets it received as lead in the period' }),
      answeredOnTime: Type.Integer({ description: 'Its answer submitted by the answer deadline (an approved extension included)' }),
      answeredLate: Type.Integer(),
      stillOpen: Type.Integer({ description: 'Still with it, not yet answered' }),
      handedOver: Type.Integer({ description: 'Returned as not theirs, re-routed or rejected' }),
      averageWorkingDaysToAnswer: Nullable(Type.Number({ description: 'From receipt to its submitted answer, working days (one decimal)' })),
    }),
  ),
});
