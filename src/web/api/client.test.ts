import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeServer(response: () => Response): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  });
  return calls;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('sends the CSRF cookie back as a header on changes, never on reads', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; t1022_csrf=abc%3D123; x=y' });
    const calls = fakeServer(() => json(200, { ok: true }));
    await api.post('/api/v1/things', { a: 1 });
    await api.get('/api/v1/things');
    const [post, get] = calls.map((call) => new Headers(call.init.headers));
    expect(post?.get('X-CSRF-Token')).toBe('abc=123');
    expect(get?.has('X-CSRF-Token')).toBe(false);
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[0]?.init.body).toBe('{"a":1}');
  });

  it('asks for answers in the interface language', async () => {
    const calls = fakeServer(() => json(200, {}));
    await api.get('/api/v1/things');
    expect(new Headers(calls[0]?.init.headers).get('Accept-Language')).toBe('vi');
  });

  it("turns a problem+json answer into an ApiError carrying the server's message", async () => {
    fakeServer(() =>
      json(401, { type: 'about:blank', title: 'Tên đăng nhập hoặc mật khẩu không đúng.', status: 401, code: 'auth.invalid_credentials' }, 'application/problem+json'),
    );
    const error = await api.post('/api/v1/auth/login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'auth.invalid_credentials', title: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
  });

  it('explains an answer that is not problem+json (a proxy error page) by its status', async () => {
    fakeServer(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await api.get('/api/v1/things').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http.502', title: 'Máy chủ trả lời lỗi 502.' });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await api.get('/api/v1/things').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network.unreachable' });
  });

  it('returns nothing for 204 No Content', async () => {
    fakeServer(() => new Response(null, { status: 204 }));
    await expect(api.post('/api/v1/auth/logout')).resolves.toBeUndefined();
  });
});
