/**
 * Is the built web app (dist/web) older than its sources, and building it. Shared by
 * `npm start` and the browser-journey harness.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = path.join(root, 'dist', 'web', 'index.html');
/** What the web bundle is made of: its own code, the shared contracts, the build settings. */
const sources = [path.join(root, 'src', 'web'), path.join(root, 'src', 'common'), path.join(root, 'vite.config.ts')];

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!fs.existsSync(distIndex)) return true;
  return Math.max(...sources.map(newestMtime)) > fs.statSync(distIndex).mtimeMs;
}

/** Runs `vite build` in its own process; throws with its output when it fails. */
export function buildWebApp(): void {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // A production build whoever calls it (vitest sets NODE_ENV=test, which changes antd's output).
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}
