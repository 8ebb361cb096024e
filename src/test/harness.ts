/**
 * Describes a suite once per engine, each with its own database and, on demand, the HTTP app
 * built on it (requests go through `app.inject`, the real routing and validation).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp, type App } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import type { Engine } from '../server/db/database.ts';
import { fixedClock } from '../server/lib/clock.ts';
import { createLogger } from '../server/lib/logger.ts';
import { createSecretBox } from '../server/lib/secret-box.ts';
import { createTestDatabase, testEngines, type TestDatabase } from './test-env.ts';

export interface TestContext {
  readonly engine: Engine;
  readonly database: TestDatabase;
  readonly app: App;
  readonly config: Config;
  readonly clock: ReturnType<typeof fixedClock>;
}

export const testLogger = createLogger('silent');

/** `describe` on every engine of this run, with a fresh database and app per engine. */
export function describeEachEngine(
  title: string,
  body: (ctx: TestContext) => void,
  options: { env?: Record<string, string>; extraRoutes?: (app: App) => void } = {},
): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let database: TestDatabase | undefined;
      let app: App | undefined;
      // A test machine running many suites at once lags; overload protection has its own test.
      const config = loadConfig({ LOG_LEVEL: 'silent', WEB_DIST_DIR: 'dist/web', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', ...options.env });
      const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
      const ctx: TestContext = {
        engine,
        config,
        clock,
        get database() {
          if (!database) throw new Error('database not ready');
          return database;
        },
        get app() {
          if (!app) throw new Error('app not ready');
          return app;
        },
      };
      beforeAll(async () => {
        database = await createTestDatabase(engine);
        app = await buildApp({ config, database, log: testLogger, clock, secrets: createSecretBox(randomBytes(32)) });
        options.extraRoutes?.(app);
        await app.ready();
      });
      afterAll(async () => {
        await app?.close();
        await database?.destroy();
      });
      body(ctx);
    });
  }
}
