/**
 * Requests that pass a route's own schema, from the OpenAPI document the server publishes: a
 * random body or query fails validation with a 400 long before the handler, so most of a run
 * would test the validator. These are valid by the document (the right types, enums, lengths,
 * patterns and formats) and filled with what is hardest within those bounds: Vietnamese in both
 * normal forms, injection strings, boundary numbers and dates. What the handler does with a
 * valid request it cannot serve must still be a 4xx.
 */
import fc from 'fast-check';
import { hostile } from './fuzz-inputs.ts';

/** The part of JSON Schema the document uses. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** Hard text for a string field, kept within its length. */
const hardText = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1 }),
  hostile,
  fc.constantFrom('Đồng Tháp', 'Đồng Tháp'.normalize('NFD'), 'Phường 1, TP. Cao Lãnh', '  ', '0912345678', '+84 912 345 678', 'a@b.c', '1022-2026-000001'),
);

const formatted: Record<string, fc.Arbitrary<string>> = {
  'date-time': fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  date: fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  email: fc.oneof(fc.emailAddress(), fc.constant('nguoi.dan@dongthap.gov.vn')),
  uuid: fc.uuid(),
  uri: fc.webUrl(),
};

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 2000;
  if (schema.format && formatted[schema.format]) return formatted[schema.format]!;
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
    } catch {
      // A pattern fast-check cannot generate from: text within the length, which the validator may refuse.
    }
  }
  return hardText.map((s) => Array.from(s).slice(0, max).join('')).filter((s) => s.length >= min);
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e9);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e9);
  const edges = fc.constantFrom(min, max, Math.min(Math.max(0, min), max));
  return fc.oneof(integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true }), edges.map((n) => (integer ? Math.round(n) : n)));
}

/** Values valid by `schema`; `depth` bounds nesting. */
export function valueOf(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((s) => valueOf(s, depth)));
  const types = ([] as string[]).concat(schema.type ?? (schema.properties ? 'object' : 'string'));
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return numberOf(schema, true);
        case 'number':
          return numberOf(schema, false);
        case 'array':
          return depth > 4 ? fc.constant([]) : fc.array(valueOf(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
        case 'object':
          return objectOf(schema, depth);
        default:
          return stringOf(schema);
      }
    }),
  );
}

function objectOf(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (depth > 4) return fc.constant({});
  const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, valueOf(s, depth + 1)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) }) as fc.Arbitrary<Record<string, unknown>>;
}

interface Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** A route's valid query and JSON body, by its method and its Fastify URL (`:code`). */
export interface ValidRequest {
  query: fc.Arbitrary<Record<string, string>>;
  body: fc.Arbitrary<{ type: string; payload: string }> | undefined;
}

/** The valid requests of every operation in an OpenAPI 3 document, keyed `METHOD /url/:param`. */
export function validRequests(document: { paths: Record<string, Record<string, Operation>> }): Map<string, ValidRequest> {
  const requests = new Map<string, ValidRequest>();
  for (const [openApiPath, operations] of Object.entries(document.paths)) {
    const url = openApiPath.replace(/\{(\w+)\}/g, ':$1').replace(/(.)\/$/, '$1');
    for (const [method, operation] of Object.entries(operations)) {
      const params = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const query = fc.record(
        Object.fromEntries(params.map((p) => [p.name, valueOf(p.schema ?? {}).map((v) => (Array.isArray(v) ? v.join(',') : String(v)))])),
        { requiredKeys: params.filter((p) => p.required).map((p) => p.name) },
      ) as fc.Arbitrary<Record<string, string>>;
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      const body = schema ? valueOf(schema).map((v) => ({ type: 'application/json', payload: JSON.stringify(v) })) : undefined;
      requests.set(`${method.toUpperCase()} ${url}`, { query, body });
    }
  }
  return requests;
}

/** The key of a Fastify route in `validRequests`' map. */
export const requestKey = (method: string, url: string) => `${method} ${url.replace(/(.)\/$/, '$1')}`;
