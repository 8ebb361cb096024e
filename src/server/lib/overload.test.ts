import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness.ts';

describeEachEngine(
  'under overload',
  (ctx) => {
    it('answers 503 with Retry-After while the event loop lags, keeps /healthz alive, and recovers', async () => {
      const busyUntil = Date.now() + 400;
      while (Date.now() < busyUntil) {
        // Block the event loop, as a flood of work would.
      }
      let res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/domains' });
      // Keep the loop lagging (with short breaths for the sampler's timer) until it is noticed.
      for (let i = 0; i < 50 && res.statusCode !== 503; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const spin = Date.now() + 150;
        while (Date.now() < spin) {
          // keep it lagging until the sampler notices
        }
        res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/domains' });
      }
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('server.unavailable');
      expect(res.headers['retry-after']).toBe('5');
      expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

      // Load gone: it serves again within seconds.
      let recovered = false;
      for (let i = 0; i < 60 && !recovered; i++) {
        await new Promise((r) => setTimeout(r, 100));
        recovered = (await ctx.app.inject({ method: 'GET', url: '/api/v1/public/domains' })).statusCode === 200;
      }
      expect(recovered).toBe(true);
    });
  },
  { env: { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50' } },
);
