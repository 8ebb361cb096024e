/**
 * Runs once before the server tests: builds the migrated template databases that every test
 * file copies (see test-env.ts), and the web app and compiled server that tests starting the
 * product run (once here, rather than by several test files at the same time).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/database.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { loadReference } from '../server/modules/reference/reference.service.ts';
import { buildWhatIsStale } from '../../scripts/builds.mjs';
import { databaseUrl } from './test-env.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildWhatIsStale((line) => process.stdout.write(`${line}\n`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-template-'));
  const pgliteTemplateFile = path.join(dir, 'pglite-template.tar.gz');
  const pglite = await openDatabase({ engine: 'pglite' });
  await runMigrations(pglite);
  await loadReference(pglite);
  const dump = await pglite.pglite!.dumpDataDir('gzip');
  fs.writeFileSync(pgliteTemplateFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplateFile', pgliteTemplateFile);

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    // Named after the run's database, so that two runs on one server do not collide.
    const TEMPLATE_DB = `${new URL(adminUrl).pathname.slice(1) || 'postgres'}_template`.replace(/[^a-z0-9_]/gi, '_');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const template = await openDatabase({ engine: 'postgres', url: databaseUrl(adminUrl, TEMPLATE_DB), poolMax: 2 });
    await runMigrations(template);
    await loadReference(template);
    await template.close();
    project.provide('postgresTemplate', { adminUrl, templateDb: TEMPLATE_DB });
  } else {
    project.provide('postgresTemplate', null);
  }

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
