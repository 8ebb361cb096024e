import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness.ts';

describeEachEngine('health, readiness, metrics and the API document', (ctx) => {
  it('reports the process alive', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports ready when the database answers and every migration is applied', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.database).toBe('ok');
    expect(body.migrations.current).toBe(true);
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it('exposes Prometheus metrics with HTTP latency, the pool and job queues', async () => {
    await ctx.app.inject({ method: 'GET', url: '/healthz' });
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    expect(res.body).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(res.body).toContain('# TYPE job_queue_depth gauge');
  });

  it('serves an OpenAPI 3 document that lists the routes with their problem responses', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/api/v1/public/domains', '/api/v1/public/calendar/days']));
    expect(doc.components.schemas.Problem ?? doc.components.schemas['def-0']).toBeDefined();
  });

  it('serves interactive API docs', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
