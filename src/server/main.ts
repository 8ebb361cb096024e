/**
 * Entry point: `npm start` (scripts/start.mjs runs this file compiled, from dist/node/) or
 * `node --import tsx src/server/main.ts`.
 * Reads the configuration, starts the product, and stops it cleanly on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { createLogger } from './lib/logger.ts';
import { startProduct } from './product.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let product;
  try {
    product = await startProduct(config, { log });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    log.fatal({ err }, 'start-up failed');
    process.exit(1);
  }
  if (product.url) process.stdout.write(`Tổng đài 1022 đang chạy tại / running at ${product.url.replace('0.0.0.0', 'localhost')}\n`);

  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C means "now"
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    product.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
}

await main();
