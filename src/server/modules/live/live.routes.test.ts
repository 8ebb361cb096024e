import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createSecretBox } from '../../lib/secret-box.ts';
import type { SignedIn } from '../../../test/auth-helpers.ts';
import { describeEachEngine, testLogger } from '../../../test/harness.ts';
import { castOf, ticketApi, type Cast } from '../../../test/ticket-fixtures.ts';

interface SseEvent {
  event: string;
  data: string;
}

/** An open event stream read over real HTTP (app.inject cannot stream). */
interface Stream {
  status: number;
  headers: Headers;
  /** Waits for an event that matches; every event read so far stays in `seen`. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  seen: SseEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

async function openStream(baseUrl: string, as: SignedIn | undefined, path = '/api/v1/live/tickets'): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(baseUrl + path, { headers: as ? { cookie: as.cookie, accept: 'text/event-stream' } : {}, signal: abort.signal });
  const seen: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let done = false;
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const e: SseEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) e.data += line.slice(6);
            else if (line.startsWith('retry: ')) e.event = 'retry';
          }
          seen.push(e);
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted by the test
    } finally {
      done = true;
      for (const w of waiters) w();
    }
  })();
  const next = (match: (e: SseEvent) => boolean, timeoutMs = 5000) =>
    new Promise<SseEvent>((resolve, reject) => {
      const check = () => {
        const found = seen.find(match);
        if (found) finish(() => resolve(found));
        else if (done) finish(() => reject(new Error(`stream ended; seen ${JSON.stringify(seen)}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no matching event in ${timeoutMs} ms; seen ${JSON.stringify(seen)}`))), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });
  return { status: res.status, headers: res.headers, next, seen, ended, close: () => abort.abort() };
}

const ticketEvent = (code: string, status?: string) => (e: SseEvent) => {
  if (e.event !== 'ticket') return false;
  const data = JSON.parse(e.data) as { code: string; status: string };
  return data.code === code && (status === undefined || data.status === status);
};
const codesIn = (events: SseEvent[]) => events.filter((e) => e.event === 'ticket').map((e) => (JSON.parse(e.data) as { code: string }).code);

describeEachEngine('live ticket updates', (ctx) => {
  let cast: Cast;
  let baseUrl: string;
  const api = ticketApi(ctx, () => cast.operator);
  const streams: Stream[] = [];
  const open = async (as: SignedIn | undefined) => {
    const s = await openStream(baseUrl, as);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    cast = await castOf(ctx);
    baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    for (const s of streams) s.close();
  });

  it('refuses an anonymous caller with 401 and no stream', async () => {
    const res = await fetch(`${baseUrl}/api/v1/live/tickets`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('auth.unauthenticated');
  });

  it('opens an event stream that proxies do not buffer, and answers a probe at once', async () => {
    const stream = await open(cast.operator);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-cache');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('x-request-id')).toBeTruthy();
    await stream.next((e) => e.event === 'retry');
    stream.close();

    const probe = await ctx.app.inject({ method: 'GET', url: '/api/v1/live/tickets?once=1', headers: { cookie: cast.leader.cookie } });
    expect(probe.statusCode).toBe(200);
    expect(probe.body).toBe('retry: 3000\n\n');
  });

  it('tells a hotline console of a new ticket and of its forwarding', async () => {
    const stream = await open(cast.operator);
    await stream.next((e) => e.event === 'retry');
    const { code } = await api.create(cast.operator);
    const created = await stream.next(ticketEvent(code, 'new'));
    expect(JSON.parse(created.data)).toEqual({ code, status: 'new', at: ctx.clock.now().toISOString() });
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await stream.next(ticketEvent(code, 'forwarded'));
  });

  it("tells an agency of its own tickets' changes and never of another agency's", async () => {
    const xd = await open(cast.xdFocal);
    const yt = await open(cast.ytStaff);
    const leader = await open(cast.leader);
    await Promise.all([xd, yt, leader].map((s) => s.next((e) => e.event === 'retry')));

    const forXd = await api.create(cast.operator, { content: 'Vỉa hè đường 30/4 bị lấn chiếm, người đi bộ phải xuống lòng đường.' });
    const forYt = await api.create(cast.operator, { content: 'Phòng khám đa khoa khu vực không có bác sĩ trực đêm.' });
    await api.act(cast.operator, forXd.code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await api.act(cast.operator, forYt.code, 'forward', { leadAgencyCode: 'so-y-te' });
    // A last change each agency does see: anything it must not see was sent before it.
    await api.act(cast.operator, forXd.code, 'comment', { note: 'Đã nhắc Sở Xây dựng.' });
    await api.act(cast.operator, forYt.code, 'comment', { note: 'Đã nhắc Sở Y tế.' });

    // Each stream's last change arrives after everything that came before it.
    const atLeast = (stream: Stream, match: (e: SseEvent) => boolean, n: number) => stream.next(() => stream.seen.filter(match).length >= n);
    await atLeast(xd, ticketEvent(forXd.code, 'forwarded'), 2);
    await atLeast(yt, ticketEvent(forYt.code, 'forwarded'), 2);
    await atLeast(leader, ticketEvent(forYt.code, 'forwarded'), 2);

    expect(codesIn(xd.seen)).not.toContain(forYt.code);
    expect(codesIn(yt.seen)).not.toContain(forXd.code);
    expect(codesIn(leader.seen)).toEqual(expect.arrayContaining([forXd.code, forYt.code]));
  });

  it('keeps telling an agency of a ticket it handled after it was returned', async () => {
    const { code } = await api.create(cast.operator);
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-y-te' });
    expect((await api.act(cast.ytFocal, code, 'return', { reason: 'Không thuộc thẩm quyền của Sở Y tế.' })).statusCode).toBe(200);
    const yt = await open(cast.ytFocal);
    await yt.next((e) => e.event === 'retry');
    await api.act(cast.operator, code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await yt.next(ticketEvent(code, 'forwarded'));
  });

  it('ends open streams when the app closes, and stops its feed', async () => {
    const app = await buildApp({ config: ctx.config, database: ctx.database, log: testLogger, clock: ctx.clock, secrets: createSecretBox(randomBytes(32)) });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    // A session belongs to the database, so the cast's cookie works on this app too.
    const stream = await openStream(url, cast.operator);
    await stream.next((e) => e.event === 'retry');
    const closing = app.close();
    await Promise.race([stream.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 5000))]);
    await closing;
    // The instance's own app still hears changes after another instance stopped its feed.
    const mine = await open(cast.operator);
    await mine.next((e) => e.event === 'retry');
    const { code } = await api.create(cast.operator);
    await mine.next(ticketEvent(code, 'new'));
  });
});
