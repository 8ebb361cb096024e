/**
 * The JSON body parser. Stricter than the default: the bytes must be valid UTF-8 (a
 * replacement character silently stored in a citizen's text is data loss), nesting is
 * bounded (a deeply nested body must not exhaust the stack), and `__proto__` keys are refused.
 */
import { AppError } from './app-error.ts';

export const MAX_JSON_DEPTH = 64;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The deepest nesting of arrays/objects in a JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** Parses a JSON request body, throwing an AppError with a stable code on bad input. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new AppError('request.invalid_utf8');
  }
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new AppError('request.too_deep', { detail: `Tối đa ${MAX_JSON_DEPTH} cấp lồng nhau.` });
  }
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new AppError('request.malformed_json', { detail: 'Khóa "__proto__" không được phép.' });
      if ((typeof value === 'string' && value.includes('\u0000')) || key.includes('\u0000')) throw nulRefused();
      if ((typeof value === 'string' && LONE_SURROGATE.test(value)) || LONE_SURROGATE.test(key)) throw loneSurrogateRefused();
      return value;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('request.malformed_json');
  }
}

/**
 * Half of a UTF-16 surrogate pair, which JSON can write (`"\\ud800"`) and UTF-8 cannot: stored as
 * text it would become U+FFFD (data loss), and PostgreSQL refuses it in jsonb (a 500 until
 * fuzzing with valid bodies found it).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function loneSurrogateRefused(): AppError {
  return new AppError('request.invalid_utf8', { detail: 'Văn bản có nửa cặp ký tự UTF-16 (\\uD800–\\uDFFF đứng riêng), không phải ký tự hợp lệ.' });
}

/** PostgreSQL cannot store the NUL character in text; no citizen types one (found by fuzzing). */
export function nulRefused(): AppError {
  return new AppError('request.invalid_parameters', { detail: 'Ký tự NUL (\\u0000) không được phép.' });
}

/** True when any string in a parsed query or path object holds a NUL character. */
export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

/**
 * True when a validated query or path object holds a number that is not finite. Ajv coerces a
 * query value of 310 nines to Infinity and lets it through its integer and maximum checks
 * (found by fuzzing: `limit=999…9` reached SQL as LIMIT Infinity, a 500).
 */
export function hasNonFiniteNumber(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFiniteNumber);
  if (value && typeof value === 'object') return Object.values(value).some(hasNonFiniteNumber);
  return false;
}

/** The refusal of a number too large to be one (see hasNonFiniteNumber). */
export function nonFiniteRefused(): AppError {
  return new AppError('request.invalid_parameters', { detail: 'Giá trị số quá lớn.' });
}
