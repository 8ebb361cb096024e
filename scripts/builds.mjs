/**
 * The two builds the product runs from, whether each is older than its sources, and making
 * them: the web app (dist/web, by Vite) and the server compiled to JavaScript (dist/node, by
 * tsc), so the running product needs no TypeScript loader. Plain JavaScript because
 * `npm start` runs it with node alone. Shared by `npm start`, `npm run demo`, the tests that
 * start the product and the benchmarks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The compiled server's entry point. */
export const serverEntry = path.join(root, 'dist', 'node', 'server', 'main.js');
/**
 * Node's options for the server process (`npm start` passes the same in package.json). V8's
 * young generation grows to 16 MB semi-spaces under the load of a thousand tickets a second;
 * capped at 8 MB, the server's peak RSS at three times that load measured 279-293 MB instead of
 * 293-320 MB (bench: overload on PostgreSQL), with no loss of throughput.
 *
 * Under overload, requests that wait live through several scavenges and are promoted, so the
 * old generation fills with garbage: it grew from 45 to 127 MB of used heap (live: ~55 MB)
 * before V8 collected it, the dynamic growing factor letting it reach about twice the live size.
 * A fixed growing factor of 1.3 starts the (mostly concurrent) major collection sooner: peak RSS
 * at 2,400 submissions/s offered went from 247-249 MB to 159 MB, and creation's throughput and
 * CPU per ticket did not change beyond the run-to-run spread (three alternating runs each).
 */
export const serverNodeFlags = ['--max-semi-space-size=8', '--heap-growing-percent=30'];

const web = {
  name: 'web app',
  /** Written last by a build, so an interrupted build reads as stale. */
  marker: path.join(root, 'dist', 'web', 'index.html'),
  /** Its own code, the shared contracts, the build settings. */
  sources: ['src/web', 'src/common', 'vite.config.ts'],
  // A production build whoever calls it (vitest sets NODE_ENV=test, which changes antd's output).
  command: [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
};
const server = {
  name: 'server',
  marker: path.join(root, 'dist', 'node', '.built'),
  sources: ['src/server', 'src/common', 'tsconfig.json', 'tsconfig.server.json', 'package-lock.json'],
  command: [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.server.json'],
};

/** The newest modification time under `target`, tests aside (they are not part of a build). */
function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return target.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function isStale(build) {
  if (!fs.existsSync(build.marker)) return true;
  return Math.max(...build.sources.map((s) => newestMtime(path.join(root, s)))) > fs.statSync(build.marker).mtimeMs;
}

function make(build) {
  const result = spawnSync(process.execPath, build.command, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`building the ${build.name} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

export const webBuildIsStale = () => isStale(web);
export const serverBuildIsStale = () => isStale(server);

/** Runs `vite build` in its own process; throws with its output when it fails. */
export function buildWebApp() {
  make(web);
}

/** Compiles the server (incrementally) in its own process; throws with tsc's output when it fails. */
export function buildServer() {
  make(server);
  fs.writeFileSync(server.marker, `${new Date().toISOString()}\n`);
}

/** Builds whichever of the two is stale, saying so on `say` (a build takes seconds). */
export function buildWhatIsStale(say = (line) => process.stdout.write(`${line}\n`)) {
  if (webBuildIsStale()) {
    say('Đang dựng giao diện web (lần đầu hoặc mã nguồn đã đổi)… / building the web app…');
    buildWebApp();
  }
  if (serverBuildIsStale()) {
    say('Đang biên dịch máy chủ (lần đầu hoặc mã nguồn đã đổi)… / compiling the server…');
    buildServer();
  }
}

// `npm run build`: both, whether stale or not.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWebApp();
  buildServer();
}
