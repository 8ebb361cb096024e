import { errorCatalog, type ErrorCode } from '../../common/errors.ts';

/**
 * The one error type of the domain. Services throw it; the edge turns it into problem+json.
 * `detail` is for people and must not contain personal data or SQL.
 */
export class AppError extends Error {
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: Array<{ path: string; message: string }> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: ErrorCode,
    options: {
      detail?: string;
      status?: number;
      errors?: Array<{ path: string; message: string }>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(options.detail ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.status = options.status ?? errorCatalog[code].status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

/** A pagination cursor that no page of this list gave: 400 on `cursor`. */
export function invalidCursor(): AppError {
  return new AppError('request.invalid_parameters', { errors: [{ path: 'cursor', message: 'Con trỏ phân trang không hợp lệ.' }] });
}
