import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = fileURLToPath(new URL('./secret-box.ts', import.meta.url));

/** One process that loads the key from `dataDir` at the instant `startAt` (all together) and prints it. */
function keyFromAnotherProcess(dataDir: string, startAt: number): Promise<string> {
  const code = `const { loadSecretKey } = await import(${JSON.stringify(module)});
    while (Date.now() < ${startAt});
    process.stdout.write(loadSecretKey(undefined, ${JSON.stringify(dataDir)}).toString('hex'));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (status) => (status === 0 ? resolve(out) : reject(new Error(err))));
  });
}

describe('the secret key kept in the data folder', () => {
  it('is the same 32-byte key for copies of the server starting at the same moment', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-key-'));
    try {
      const startAt = Date.now() + 4000;
      const keys = await Promise.all(Array.from({ length: 6 }, () => keyFromAnotherProcess(dataDir, startAt)));
      expect(new Set(keys).size).toBe(1);
      expect(Buffer.from(keys[0]!, 'hex')).toHaveLength(32);
      expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
      expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
