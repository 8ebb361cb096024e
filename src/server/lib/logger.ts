/**
 * JSON logs through pino. Personal data and secrets are redacted wherever they may appear:
 * headers, bodies logged by mistake, and the query string (citizens track tickets with
 * `?phone=`).
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

const sensitiveKeys = ['password', 'newPassword', 'currentPassword', 'otp', 'token', 'secret', 'phone', 'email', 'fullName', 'contactName', 'idNumber', 'address', 'recoveryCode'];

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...sensitiveKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

const sensitiveQuery = /^(phone|email|token|otp|password|name|idNumber|q)$/i;

/** Paths that carry a credential: an email-only agency's answer link (API and web page). */
const secretPath = /(\/(?:agency-answers|tra-loi)\/)[^/?#]+/g;

/** The request URL with answer-link tokens and the values of sensitive query parameters replaced by '***'. */
export function maskUrl(raw: string): string {
  const url = raw.replace(secretPath, '$1***');
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (sensitiveQuery.test(key)) params.set(key, '***');
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function createLogger(level: LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { service: 'tongdai-1022' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        req: (req: { id: string; method: string; url: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          url: maskUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
