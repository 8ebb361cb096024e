/**
 * Starts the real product as a separate process, as `npm start` would, for start-up tests and
 * browser journeys. The child gets a clean environment: nothing of the test runner's, and no
 * product setting the caller did not pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWhatIsStale, serverEntry, serverNodeFlags } from '../../scripts/builds.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG'];

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ProductProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything the process wrote so far: stdout and stderr, and stdout alone. */
  output(): string;
  stdout(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | NodeJS.Signals | null>;
}

export async function spawnProduct(env: Record<string, string>): Promise<ProductProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const inherited = Object.fromEntries(PASSED_THROUGH.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  // The compiled server, as `npm start` runs it (compiled first if older than its sources).
  buildWhatIsStale(() => {});
  const child = spawn(process.execPath, [...serverNodeFlags, serverEntry], {
    cwd: root,
    env: { ...inherited, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, output: () => out, stdout: () => stdout, exited };
}

/** Waits until GET /readyz answers 200; throws with the process output otherwise. */
export async function waitReady(p: ProductProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void p.exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    try {
      const res = await fetch(`${p.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`product did not become ready${ended ? ' (it exited)' : ''}:\n${p.output()}`);
}
