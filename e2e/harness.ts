/**
 * Browser-journey harness: starts the real product the way a newcomer would (a fresh data
 * folder, the one-time admin password from the first start's banner) and drives Debian's
 * Chromium through playwright-core. Never downloads a browser.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { buildWhatIsStale } from '../scripts/builds.mjs';
import { spawnProduct, waitReady } from '../src/test/spawn-product.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const ADMIN_BANNER = /username: admin\s+password: (\S+)/;

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** True when a Chromium is installed; journeys skip themselves otherwise. */
export function hasChromium(): boolean {
  return existsSync(chromiumPath());
}

/** Launches headless Chromium with the flags that work on this kind of machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Waits until `element` is shown and its animations (and its children's) have finished: a
 * dialog zooms in for a moment, and a click while it grows can land beside the button it aimed
 * at (seen once on a loaded machine: the confirm click was lost and the dialog stayed open).
 */
export async function shownAndSettled(element: Locator): Promise<void> {
  await element.waitFor();
  // An animation cancelled on the way (the dialog's classes change) is over too: its `finished` rejects.
  await element.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))));
}

/** Opens a ticket action's dialog from the toolbar, lets `fill` fill it, confirms, and waits for it to close. */
export async function runTicketAction(page: Page, name: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('toolbar').getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog', { name });
  await shownAndSettled(dialog);
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Saves a full-page PNG as e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Builds the web app (dist/web) and the server (dist/node) unless builds newer than their sources exist, as `npm start` does. */
export function ensureBuilt(): void {
  buildWhatIsStale(() => {});
}

export interface StartOptions {
  /** Extra environment variables for the product (they win over the harness's own). */
  env?: Record<string, string>;
  /** Build dist/web first when it is missing or older than src/web (default true). */
  buildWeb?: boolean;
}

export interface RunningProduct {
  baseUrl: string;
  /** The one-time password the first start printed for `admin`. */
  adminPassword: string;
  dataDir: string;
  /** Everything the process wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** SIGTERM, wait for the exit (SIGKILL after 15 s), remove the data folder. */
  stop(): Promise<void>;
  /**
   * Stops the process and starts it again on the same data folder and port, with these
   * variables added (e.g. `{ NODE_ENV: 'test', TEST_CLOCK_OFFSET_MINUTES: '43200' }` to move
   * its clock 30 days on). Sessions may have expired on the moved clock: sign in again.
   */
  restart(env?: Record<string, string>): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the product (src/test/spawn-product.ts) on a free port with a fresh data folder,
 * waits for /readyz to answer 200, and reads the admin password banner.
 */
export async function startProduct(options: StartOptions = {}): Promise<RunningProduct> {
  if (options.buildWeb ?? true) ensureBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 't1022-e2e-'));
  // Journeys test pages, not load shedding (src/server/lib/overload.test.ts does): on a busy
  // machine a lagging event loop must not turn a page's request into a 503.
  const env = { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', ...options.env };
  let product = await spawnProduct({ DATA_DIR: dataDir, ...env });

  const halt = async () => {
    if (product.child.exitCode === null && product.child.signalCode === null) {
      product.child.kill('SIGTERM');
      const timer = setTimeout(() => product.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await product.exited;
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const restart = async (extra: Record<string, string> = {}) => {
    await halt();
    product = await spawnProduct({ DATA_DIR: dataDir, ...env, ...extra, PORT: String(product.port) });
    await waitReady(product, READY_TIMEOUT_MS);
  };
  try {
    await waitReady(product, READY_TIMEOUT_MS);
  } catch (err) {
    await stop();
    throw err;
  }

  // The banner may still be in the pipe when /readyz turns green.
  const bannerDeadline = Date.now() + 5_000;
  let match = ADMIN_BANNER.exec(product.stdout());
  while (!match && Date.now() < bannerDeadline) {
    await sleep(100);
    match = ADMIN_BANNER.exec(product.stdout());
  }
  if (!match?.[1]) {
    await stop();
    throw new Error(`the first start printed no admin password banner ("username: admin / password: …") on stdout\n--- product output ---\n${product.output()}`);
  }
  return { baseUrl: product.baseUrl, adminPassword: match[1], dataDir, output: () => product.output(), stop, restart };
}

/** Collects uncaught page errors and console errors (failed requests aside) for a final check. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Refused requests (401, 404) are expected; anything else the console reports (a CSP violation) is not.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  return errors;
}

/** A page for one journey: a 15 s default timeout, a screenshot if the test fails, and its errors collected. */
export async function journeyPage(context: BrowserContext, failureShot: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshot(page, failureShot);
  });
  return { page, errors: watchErrors(page) };
}
