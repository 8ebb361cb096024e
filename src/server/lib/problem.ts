/**
 * The one mapper from any error to an RFC 9457 problem document. Known errors keep their
 * code; framework errors are translated; anything else is a 500 whose text is hidden and whose
 * id finds the log line.
 */
import type { FastifyError } from 'fastify';
import { errorCatalog, errorTitle, type ErrorCode, type Language, type Problem } from '../../common/errors.ts';
import { AppError } from './app-error.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid_parameters',
  FST_ERR_BAD_URL: 'request.invalid_parameters',
  FST_ERR_ASYNC_CONSTRAINT: 'request.invalid_parameters',
};

/** A Vietnamese or English sentence for one schema-validation failure. */
function describeIssue(issue: ValidationIssue, lang: Language): string {
  const p = issue.params;
  const vi = lang === 'vi';
  switch (issue.keyword) {
    case 'required':
      return vi ? `Thiếu trường bắt buộc "${String(p.missingProperty)}".` : `Missing required field "${String(p.missingProperty)}".`;
    case 'additionalProperties':
      return vi ? `Trường "${String(p.additionalProperty)}" không được phép.` : `Field "${String(p.additionalProperty)}" is not allowed.`;
    case 'type':
      return vi ? `Sai kiểu dữ liệu (cần ${String(p.type)}).` : `Wrong type (expected ${String(p.type)}).`;
    case 'maxLength':
      return vi ? `Dài quá ${String(p.limit)} ký tự.` : `Longer than ${String(p.limit)} characters.`;
    case 'minLength':
      return vi ? `Cần ít nhất ${String(p.limit)} ký tự.` : `Needs at least ${String(p.limit)} characters.`;
    case 'maximum':
    case 'exclusiveMaximum':
      return vi ? `Giá trị vượt quá giới hạn ${String(p.limit)}.` : `Value above the limit ${String(p.limit)}.`;
    case 'minimum':
    case 'exclusiveMinimum':
      return vi ? `Giá trị nhỏ hơn giới hạn ${String(p.limit)}.` : `Value below the limit ${String(p.limit)}.`;
    case 'maxItems':
      return vi ? `Quá ${String(p.limit)} phần tử.` : `More than ${String(p.limit)} items.`;
    case 'enum':
    case 'const':
    case 'anyOf':
      return vi ? 'Giá trị không nằm trong danh sách cho phép.' : 'Value is not one of the allowed values.';
    case 'format':
      return vi ? `Sai định dạng (${String(p.format)}).` : `Wrong format (${String(p.format)}).`;
    case 'pattern':
      return vi ? 'Sai định dạng.' : 'Wrong format.';
    default:
      return vi ? 'Giá trị không hợp lệ.' : (issue.message ?? 'Invalid value.');
  }
}

function issuePath(issue: ValidationIssue, context: string | undefined): string {
  const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const extra = issue.keyword === 'required' ? String(issue.params.missingProperty) : issue.keyword === 'additionalProperties' ? String(issue.params.additionalProperty) : '';
  const path = [base, extra].filter(Boolean).join('.');
  return context && context !== 'body' ? [context, path].filter(Boolean).join('.') : path;
}

export interface MappedProblem {
  problem: Problem;
  headers: Record<string, string>;
  /** True when the error is ours (5xx): it must be logged with its stack. */
  internal: boolean;
}

/** Turns any thrown value into the problem document the client receives. */
export function toProblem(err: unknown, lang: Language, requestId: string): MappedProblem {
  const build = (code: ErrorCode, status: number, extra: Partial<Problem> = {}): Problem => ({
    type: `urn:tongdai1022:problem:${code}`,
    title: errorTitle(code, lang),
    status,
    code,
    ...extra,
  });

  if (err instanceof AppError) {
    return {
      problem: build(err.code, err.status, {
        ...(err.detail ? { detail: err.detail } : {}),
        ...(err.errors ? { errors: err.errors } : {}),
        ...(err.status >= 500 ? { errorId: requestId } : {}),
      }),
      headers: err.headers ?? {},
      // Overload is expected behaviour, not a fault to investigate.
      internal: err.status >= 500 && err.code !== 'server.unavailable',
    };
  }

  const fe = err as Partial<FastifyError> & { validation?: ValidationIssue[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const code: ErrorCode = fe.validationContext === 'body' ? 'request.validation_failed' : 'request.invalid_parameters';
    return {
      problem: build(code, errorCatalog[code].status, {
        errors: fe.validation.map((issue) => ({ path: issuePath(issue, fe.validationContext), message: describeIssue(issue, lang) })),
      }),
      headers: {},
      internal: false,
    };
  }

  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped) return { problem: build(mapped, errorCatalog[mapped].status), headers: {}, internal: false };

  // Rate limiting (its errorResponseBuilder throws an AppError, so this is a fallback).
  if (fe.statusCode === 429) return { problem: build('request.too_many', 429), headers: {}, internal: false };
  if (fe.statusCode === 503) return { problem: build('server.unavailable', 503), headers: { 'retry-after': '5' }, internal: false };
  // Any other client error the framework raised: keep its status, give our generic code.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { problem: build('request.invalid_parameters', fe.statusCode), headers: {}, internal: false };
  }
  return { problem: build('server.internal', 500, { errorId: requestId }), headers: {}, internal: true };
}
