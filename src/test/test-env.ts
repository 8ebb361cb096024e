/**
 * Test databases. Each test file gets its own isolated, migrated database with the reference
 * data: on PGlite a copy of a template dumped once per run; on PostgreSQL a new database
 * cloned from a template database (CREATE DATABASE … TEMPLATE), dropped afterwards.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type Engine } from '../server/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateFile: string;
    postgresTemplate: { adminUrl: string; templateDb: string } | null;
  }
}

/** The engines integration tests run on in this run. */
export function testEngines(): Engine[] {
  return inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends Database {
  /** Closes the connection and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dump = fs.readFileSync(inject('pgliteTemplateFile'));
    const database = await openDatabase({ engine: 'pglite', loadDataDir: new Blob([dump]) });
    return { ...database, destroy: () => database.close() };
  }
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
  const name = `t1022_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.templateDb}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ engine: 'postgres', url: databaseUrl(template.adminUrl, name), poolMax: 10 });
  return {
    ...database,
    async destroy() {
      await database.close();
      const c = new pg.Client({ connectionString: template.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
