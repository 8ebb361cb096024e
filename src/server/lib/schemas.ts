/** Schemas shared by every route: the problem document and list envelopes. */
import { Type, type Static, type TSchema } from 'typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code, e.g. `request.validation_failed`.' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    errorId: Type.Optional(Type.String({ description: 'Present on 5xx: quote it to the administrator.' })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** A string that is one of `values`, typed as their union and documented as an enum. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const problemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });

/** Response entries for the usual refusals, to spread into a route's `response`. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemRef]));
}

/**
 * `schema` or null, for responses, as one schema with a type list (`{type: ['string', 'null']}`)
 * rather than a union: fast-json-stringify writes a union by trying each branch with the
 * validator on every value (a ticket has some 30 such fields, an inbox page hundreds), a type
 * list with a typeof test. For a schema with one `type`.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { enum: values, ...rest } = schema as T & { type?: unknown; enum?: unknown[] };
  if (typeof rest.type !== 'string') throw new Error('Nullable: the schema needs one `type`');
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [rest.type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
}
