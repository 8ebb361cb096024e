/** Prometheus metrics of one app instance: HTTP latency, database pool, job queues, process. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  poolStats(): { total: number; idle: number; waiting: number };
  queueDepths?(): Promise<Array<{ queue: string; queued: number; active: number }>>;
}

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  httpErrors: Counter<'code'>;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tongdai_' });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const httpErrors = new Counter({
    name: 'http_problem_responses_total',
    help: 'Problem responses by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = sources.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'job_queue_depth',
    help: 'Jobs waiting (queued) or running (active) per queue',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const q of (await sources.queueDepths?.()) ?? []) {
        this.set({ queue: q.queue, state: 'queued' }, q.queued);
        this.set({ queue: q.queue, state: 'active' }, q.active);
      }
    },
  });
  return { registry, httpDuration, httpErrors };
}
