import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { describeEachEngine } from '../../test/harness.ts';
import type { App } from '../app.ts';

/** A route shaped like the real ones, to exercise the edge without depending on a module. */
function echoRoute(app: App): void {
  app.post(
    '/api/v1/test/echo',
    {
      config: { access: { public: true } },
      schema: {
        body: Type.Object(
          { title: Type.String({ minLength: 1, maxLength: 200 }), count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ received: req.body }),
  );
  app.get(
    '/api/v1/test/page',
    { config: { access: { public: true } }, schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }) } },
    async (req) => ({ limit: (req.query as { limit: number }).limit }),
  );
}

describeEachEngine('HTTP edge', (ctx) => {
  it('answers an unknown API route with a 404 problem in Vietnamese', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ status: 404, code: 'request.not_found', title: 'Không tìm thấy địa chỉ yêu cầu.' });
    expect(body.type).toContain('request.not_found');
  });

  it('speaks English when the client prefers it', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/khong-co', headers: { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' } });
    expect(res.json().title).toBe('No such route.');
  });

  it('refuses malformed JSON with 400 request.malformed_json', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.malformed_json');
  });

  it('refuses a body that is not UTF-8', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid_utf8');
  });

  it('refuses half a surrogate pair written as a JSON escape, which UTF-8 cannot carry (a 500 found by fuzzing)', async () => {
    for (const payload of ['{"title":"a\\ud800b"}', '{"title":"\\udc00"}', '{"a\\ud800":1}']) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('request.invalid_utf8');
    }
    // A whole pair (an emoji, a rare Han character) is text like any other.
    const pair = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"title":"\\ud83d\\ude00 𠀀"}' });
    expect(pair.statusCode).toBe(200);
  });

  it('refuses deeply nested JSON without crashing', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: deep });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.too_deep');
  });

  it('refuses a __proto__ key', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' });
    expect(res.statusCode).toBe(400);
  });

  it('refuses the NUL character in a body, a query or a path with 400, never 500 (found by fuzzing)', async () => {
    const body = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"title":"a\\u0000b"}' });
    expect(body.statusCode).toBe(400);
    const query = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/org-units?q=%00' });
    expect(query.statusCode).toBe(400);
    expect(query.json().code).toBe('request.invalid_parameters');
    const path = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/tickets/1022-2026-00%0001?phone=0912345678' });
    expect(path.statusCode).toBeLessThan(500);
  });

  it('refuses a number too large to be one in a query with 400, never 500 (found by fuzzing: Ajv coerced it to Infinity)', async () => {
    for (const digits of [20, 310, 400]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/test/page?limit=${'9'.repeat(digits)}` });
      expect(res.statusCode, `${digits} digits`).toBe(400);
      expect(res.json().code).toBe('request.invalid_parameters');
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/test/page?limit=5' })).json()).toEqual({ limit: 5 });
    const real = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/calendar/days?from=2026-01-01&to=2026-01-31&limit=${'9'.repeat(310)}` });
    expect(real.statusCode).toBe(400);
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('request.unsupported_media_type');
  });

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(ctx.config.bodyLimitBytes + 10) });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('request.body_too_large');
  });

  it('refuses query parameters of the wrong type with 400 and names the field', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/days?from=hôm-nay&to=2026-01-01' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('request.invalid_parameters');
    expect(body.errors[0].path).toContain('from');
  });

  it('refuses unknown query parameters instead of ignoring them', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/calendar/days?from=2026-01-01&to=2026-01-31&x=1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toContain('"x"');
  });

  it('accepts a well-formed body and keeps Vietnamese text intact', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { title: 'Đường ngập nước ở phường Mỹ Tho', count: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().received.title).toBe('Đường ngập nước ở phường Mỹ Tho');
  });

  it('refuses unknown fields, wrong types and oversized fields with 422 naming each field', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { title: 'x'.repeat(201), count: 'nhiều', admin: true } });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('request.validation_failed');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'count', 'admin']));
    expect(body.errors.find((e: { path: string }) => e.path === 'admin').message).toContain('không được phép');
  });

  it('refuses a JSON body that is not an object', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { 'content-type': 'application/json' }, payload: '"chuỗi"' });
    expect(res.statusCode).toBe(422);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Also on API answers and refusals, with the product's policy (no upgrade to HTTPS: LANs).
    for (const r of [await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets/1022-2026-000001' }), await ctx.app.inject({ method: 'GET', url: '/api/v1/khong-co' })]) {
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
      expect(r.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(r.headers['cross-origin-embedder-policy']).toBeUndefined();
    }
  });

  it('keeps a plain caller-supplied request id and replaces a hostile one', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'pbx-call-42' } });
    expect(plain.headers['x-request-id']).toBe('pbx-call-42');
    const hostile = await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a\nfake log line' } });
    expect(hostile.headers['x-request-id']).not.toContain('fake');
  });
}, { extraRoutes: echoRoute });

describe('problem documents', () => {
  it('never leak the text of an unexpected error', async () => {
    const { toProblem } = await import('./problem.ts');
    const mapped = toProblem(new Error('duplicate key value violates unique constraint "users_pkey"'), 'vi', 'req-1');
    expect(mapped.problem.status).toBe(500);
    expect(JSON.stringify(mapped.problem)).not.toContain('users_pkey');
    expect(mapped.problem.errorId).toBe('req-1');
    expect(mapped.internal).toBe(true);
  });
});
