/**
 * Browser-journey harness: starts the real product the way a newcomer would (a fresh data
 * folder, the one-time admin password from the first start's banner) and drives Debian's
 * Chromium through playwright-core. Never downloads a browser.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');
const WEB_DIST_INDEX = path.join(REPO_ROOT, 'dist', 'web', 'index.html');
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

/** Saves a full-page PNG as e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function newestMtime(target: string): number {
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * Builds the web app (dist/web) unless a build newer than its sources exists. The server
 * only serves what is built, as `npm start` would have built it.
 */
export function ensureWebBuilt(): void {
  const sources = Math.max(newestMtime(path.join(REPO_ROOT, 'src', 'web')), newestMtime(path.join(REPO_ROOT, 'vite.config.ts')));
  if (existsSync(WEB_DIST_INDEX) && statSync(WEB_DIST_INDEX).mtimeMs >= sources) return;
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
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
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node --import tsx src/server/main.ts` from the repository root on a free port with
 * a fresh data folder, waits for /readyz to answer 200, and reads the admin password banner.
 */
export async function startProduct(options: StartOptions = {}): Promise<RunningProduct> {
  if (options.buildWeb ?? true) ensureWebBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 't1022-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;

  // The product runs as a newcomer would start it, not as a test: drop the test runner's variables.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV' && key !== 'TEST'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let combined = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    combined += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    combined += chunk;
  });
  const exit = exited(child);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const fail = async (reason: string): Promise<never> => {
    await stop();
    throw new Error(`${reason}\n--- product output ---\n${combined}`);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`the product exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) return fail(`GET /readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }

  // The banner may still be in the pipe when /readyz turns green.
  const bannerDeadline = Date.now() + 5_000;
  let match = ADMIN_BANNER.exec(stdout);
  while (!match && Date.now() < bannerDeadline) {
    await sleep(100);
    match = ADMIN_BANNER.exec(stdout);
  }
  if (!match?.[1]) return fail('the first start printed no admin password banner ("username: admin / password: …") on stdout');

  return { baseUrl, adminPassword: match[1], dataDir, output: () => combined, stop };
}
