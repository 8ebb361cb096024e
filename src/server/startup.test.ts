import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl } from '../test/test-env.ts';
import { spawnProduct as spawnAnyProduct, waitReady, type ProductProcess } from '../test/spawn-product.ts';

/**
 * These tests are about starting, stopping and data, not load: the overload guard is off, so a
 * busy machine (a slow first start) does not answer their requests with 503.
 */
const spawnProduct = (env: Record<string, string>) => spawnAnyProduct({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', ...env });

const banner = /username: admin\s+password: (\S+)/g;

it('starts the server with the same Node options through npm start as the tests and benchmarks do', async () => {
  const { serverNodeFlags } = await import('../../scripts/builds.mjs');
  const scripts = (JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.start).toBe(`node ${serverNodeFlags.join(' ')} scripts/start.mjs`);
});

describe('starting the product on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-start-'));
  const running: ProductProcess[] = [];
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the database on first start and prints the admin password exactly once', async () => {
    const first = await spawnProduct({ DATA_DIR: dataDir });
    running.push(first);
    await waitReady(first);
    expect([...first.output().matchAll(banner)]).toHaveLength(1);
    const ready = await (await fetch(`${first.baseUrl}/readyz`)).json();
    expect(ready).toMatchObject({ ready: true, database: 'ok', migrations: { current: true } });
    expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);

    // A second copy on the same folder must refuse: PGlite would lose data.
    const second = await spawnProduct({ DATA_DIR: dataDir });
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/đang được một tiến trình khác sử dụng \(pid \d+\)/);
    expect((await fetch(`${first.baseUrl}/healthz`)).status).toBe(200);

    // SIGTERM: a clean stop that releases the lock.
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'tongdai.lock'))).toBe(false);
  });

  it('loses nothing committed when killed with SIGKILL, and restarts on the same data', async () => {
    const again = await spawnProduct({ DATA_DIR: dataDir });
    running.push(again);
    await waitReady(again);
    expect(again.output()).not.toMatch(banner); // the admin from the first start is still there
    const before = await (await fetch(`${again.baseUrl}/api/v1/public/org-units?on=all`)).json();
    again.child.kill('SIGKILL');
    await again.exited;
    expect(fs.existsSync(path.join(dataDir, 'tongdai.lock'))).toBe(true); // stale lock left behind

    const afterCrash = await spawnProduct({ DATA_DIR: dataDir });
    running.push(afterCrash);
    await waitReady(afterCrash);
    expect(afterCrash.output()).not.toMatch(banner);
    const after = await (await fetch(`${afterCrash.baseUrl}/api/v1/public/org-units?on=all`)).json();
    expect(after.items.length).toBe(before.items.length);
    afterCrash.child.kill('SIGTERM');
    expect(await afterCrash.exited).toBe(0);
  });

  it('stops at once with one line naming a bad setting', async () => {
    const bad = await spawnProduct({ DATA_DIR: dataDir, SERVICES: 'web,mailer' });
    running.push(bad);
    expect(await bad.exited).toBe(1);
    const lines = bad.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SERVICES');
  });
});

describe.skipIf(!inject('postgresTemplate'))('starting the product on PostgreSQL', () => {
  const template = inject('postgresTemplate');
  const name = `t1022_start_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-start-pg-'));
  afterAll(async () => {
    if (!template) return;
    const c = new pg.Client({ connectionString: template.adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates an empty database, creates the admin once, and runs two copies side by side', async () => {
    const c = new pg.Client({ connectionString: template!.adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const env = { DATABASE_URL: databaseUrl(template!.adminUrl, name), DATA_DIR: dataDir };
    // Two copies starting at once: the migration lock and the idempotent loaders must cope.
    const [a, b] = await Promise.all([spawnProduct(env), spawnProduct(env)]);
    await Promise.all([waitReady(a), waitReady(b)]);
    expect([...(a.output() + b.output()).matchAll(banner)]).toHaveLength(1);
    for (const p of [a, b]) {
      const ready = await (await fetch(`${p.baseUrl}/readyz`)).json();
      expect(ready).toMatchObject({ ready: true, migrations: { current: true } });
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  });
});
