/**
 * Security headers: helmet's, with the product's Content-Security-Policy, worked out once at
 * start-up. @fastify/helmet builds helmet's middleware again on every request (options checked,
 * CSP directives parsed and joined), about 4 % of the CPU of a ticket read.
 */
import { createRequire } from 'node:module';
import type { FastifyHelmetOptions } from '@fastify/helmet';

type HelmetOptions = Omit<FastifyHelmetOptions, 'global' | 'enableCSPNonces'>;
type Middleware = (req: object, res: { setHeader(name: string, value: string): void; removeHeader(name: string): void }, next: (err?: unknown) => void) => void;

/** The headers helmet would set with `options`, by name (lower case). */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  // The helmet that @fastify/helmet depends on: one copy, one version to keep up to date.
  const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as (o: HelmetOptions) => Middleware;
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value), removeHeader: () => {} };
  helmet(options)({}, res, (err) => {
    if (err) throw err;
  });
  return headers;
}
