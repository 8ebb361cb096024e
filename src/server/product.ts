/**
 * Starts and stops the whole product in one process: lock, database, migrations, reference
 * data, first administrator, jobs and the HTTP server, as the configuration's SERVICES say.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { lockDataDir, type DataDirLock } from './db/data-dir-lock.ts';
import { runMigrations } from './db/migrate.ts';
import { startJobs, type Jobs } from './jobs/job-runner.ts';
import { jobDefinitions } from './jobs/registry.ts';
import { offsetClock, systemClock, type Clock } from './lib/clock.ts';
import { createSecretBox, loadSecretKey } from './lib/secret-box.ts';
import { loadReference } from './modules/reference/reference.service.ts';
import { ensureInitialAdmin } from './modules/users/users.service.ts';

export interface RunningProduct {
  config: Config;
  database: Database;
  jobs: Jobs;
  app: App | undefined;
  /** The address the HTTP server listens on, when the web service runs. */
  url: string | undefined;
  stop(): Promise<void>;
}

/** Where PGlite keeps its files inside DATA_DIR. */
export const pgliteDir = (config: Config) => path.join(config.dataDir, 'pgdata');

export async function startProduct(
  config: Config,
  options: { log: Logger; clock?: Clock; announce?: (text: string) => void },
): Promise<RunningProduct> {
  const { log } = options;
  const clock = options.clock ?? (config.testClockOffsetMinutes ? offsetClock(config.testClockOffsetMinutes * 60_000) : systemClock);
  if (config.testClockOffsetMinutes) log.warn({ minutes: config.testClockOffsetMinutes }, 'test clock: the product runs on a moved clock (NODE_ENV=test)');
  const announce = options.announce ?? ((text: string) => process.stdout.write(text));
  const started = performance.now();

  let lock: DataDirLock | undefined;
  let database: Database | undefined;
  let jobs: Jobs | undefined;
  let app: App | undefined;
  try {
    if (!config.databaseUrl) lock = lockDataDir(config.dataDir);
    database = config.databaseUrl
      ? await openDatabase({ engine: 'postgres', url: config.databaseUrl, poolMax: config.databasePoolMax })
      : await openDatabase({ engine: 'pglite', dataDir: pgliteDir(config) });
    const applied = await runMigrations(database);
    if (applied > 0) log.info({ applied }, 'database migrations applied');
    const reference = await loadReference(database);
    if (!reference.skipped) log.info({ counts: reference.counts }, 'reference data loaded');
    const adminPassword = await ensureInitialAdmin(database);
    if (adminPassword) announce(adminBanner(adminPassword));

    jobs = await startJobs({ database, config, definitions: jobDefinitions, work: config.services.includes('worker'), log, clock });

    if (config.databaseUrl && !config.secretKey) {
      log.warn('SECRET_KEY is not set: a key was kept in DATA_DIR/secret.key; every copy sharing this database needs the same SECRET_KEY');
    }
    let url: string | undefined;
    if (config.services.includes('web')) {
      app = await buildApp({ config, database, log, clock, jobs, secrets: createSecretBox(loadSecretKey(config.secretKey, config.dataDir)) });
      url = await app.listen({ port: config.port, host: config.host });
    }
    log.info(
      { engine: database.engine, services: config.services, url, startupMs: Math.round(performance.now() - started) },
      'Tổng đài 1022 started',
    );

    const running = { database, jobs, app, lock };
    let stopping: Promise<void> | undefined;
    return {
      config,
      database,
      jobs,
      app,
      url,
      stop: () => (stopping ??= shutdown(running, log)),
    };
  } catch (err) {
    await shutdown({ database, jobs, app, lock }, log).catch(() => {});
    throw err;
  }
}

/** Finishes in-flight requests, stops the workers, closes the database, releases the lock. */
async function shutdown(
  parts: { database: Database | undefined; jobs: Jobs | undefined; app: App | undefined; lock: DataDirLock | undefined },
  log: Logger,
): Promise<void> {
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      log.error({ err, step: name }, 'shutdown step failed');
    }
  };
  if (parts.app) await step('http', () => parts.app!.close());
  if (parts.jobs) await step('jobs', () => parts.jobs!.stop());
  if (parts.database) await step('database', () => parts.database!.close());
  parts.lock?.release();
}

function adminBanner(password: string): string {
  const line = '='.repeat(66);
  return [
    line,
    ' Tài khoản quản trị đã được tạo / Administrator account created',
    '   username: admin',
    `   password: ${password}`,
    ' Mật khẩu chỉ hiển thị MỘT LẦN; hãy đổi sau khi đăng nhập.',
    ' This password is shown only once; change it after signing in.',
    line,
    '',
  ].join('\n');
}
