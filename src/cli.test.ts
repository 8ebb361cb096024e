import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';

describe('command line', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-cli-'));
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  afterAll(() => {
    Object.assign(process.env, saved);
    if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runCli(args, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  };

  it('explains its commands', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const cmd of ['migrate', 'user:create', 'user:reset-password', 'reference:load']) expect(out).toContain(cmd);
  });

  it('migrates, loads reference data idempotently, creates a user and resets a password', async () => {
    expect((await run('migrate')).out).toMatch(/migration|mới nhất/);
    const first = await run('reference:load');
    expect(first.out).toMatch(/không đổi|Đã nạp/);
    const forced = await run('reference:load', '--force');
    expect(forced.out.replace(/^[^{]*/, '')).toBe(first.out.replace(/^[^{]*/, ''));

    const created = await run('user:create', '--username', 'dtv01', '--name', 'Nguyễn Thị Lan', '--role', 'operator');
    expect(created.code).toBe(0);
    const password = /: (\S+)$/m.exec(created.out.split('\n')[1] ?? '')?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    await expect(run('user:create', '--username', 'DTV01', '--name', 'Trùng', '--role', 'operator')).rejects.toMatchObject({ code: 'user.username_taken' });

    const reset = await run('user:reset-password', '--username', 'dtv01');
    const newPassword = /: (\S+)$/.exec(reset.out)?.[1];
    expect(newPassword).toBeTruthy();
    expect(newPassword).not.toBe(password);
  });

  it('refuses an unknown role and an unknown command', async () => {
    await expect(run('user:create', '--username', 'x1234', '--name', 'X', '--role', 'god')).rejects.toThrow(/--role/);
    await expect(run('frobnicate')).rejects.toThrow(/Lệnh không rõ/);
  });
});
