// The one way the web app talks to the server: JSON over fetch, the session
// cookie, the double-submit CSRF header, and problem+json errors as ApiError.
import { currentLanguage, i18n } from '../i18n/index.ts';

const CSRF_COOKIE = 't1022_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One invalid field of a request, as the server lists it in `errors`. */
export interface ApiFieldError {
  path?: string;
  field?: string;
  code?: string;
  message?: string;
  [key: string]: unknown;
}

/** RFC 9457 problem details as the server sends them (title/detail already localized). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: ApiFieldError[];
  /** On 5xx: the id of the server's log line, for the administrator. */
  errorId?: string;
}

/**
 * A non-2xx answer (or no answer at all) from the API. `code` is the server's stable
 * machine-readable code (`auth.invalid_credentials`); `title` and `detail` are meant
 * for people. Network failures have status 0 and code `network.unreachable`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ApiFieldError[];
  readonly errorId: string | undefined;

  constructor(status: number, problem: Problem) {
    const title = problem.title ?? i18n.t('errors.http', { status });
    super(problem.detail ? `${title}: ${problem.detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `http.${status}`;
    this.title = title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.errorId = problem.errorId;
  }
}

/** The human-readable message of any error, preferring the server's own words. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.title;
  return i18n.t('errors.unexpected');
}

/** The details under the message: the server's detail and, for server faults, the error id. */
export function errorDetail(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const parts = [
    error.detail && error.detail !== error.title ? error.detail : undefined,
    error.errorId ? i18n.t('errors.errorId', { id: error.errorId }) : undefined,
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface RequestOptions {
  /** A JSON-serializable body. */
  body?: unknown;
  signal?: AbortSignal;
}

async function parseProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return {};
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as Problem) : {};
  } catch {
    return {};
  }
}

/**
 * Calls the JSON API and returns the parsed body (undefined for 204).
 * Throws ApiError for any non-2xx answer and for network failures.
 */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const upper = method.toUpperCase();
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage(),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(upper)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method: upper,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { code: 'network.unreachable', title: i18n.t('errors.network') });
  }

  if (!response.ok) throw new ApiError(response.status, await parseProblem(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Shorthands for the HTTP methods. */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>('GET', path, { signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, { body }),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};
