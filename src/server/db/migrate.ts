/**
 * Applies the SQL migrations in migrations/ (drizzle's migrator, the same files on both
 * engines). Drizzle runs all pending migrations in one transaction, so a failing migration
 * leaves the database as it was. On PostgreSQL an advisory lock keeps two starting copies of
 * the product from migrating at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../lib/project-root.ts';
import { sql } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';
import { queryRows, type Database } from './database.ts';

export const migrationsFolder = projectPath('migrations');

const MIGRATION_LOCK_KEY = 1022_0001;

interface Journal {
  entries: Array<{ idx: number; tag: string; when: number }>;
}

const journals = new Map<string, Journal['entries']>();

/** The migrations this build ships, oldest first (read once per folder: /readyz asks often). */
export function shippedMigrations(folder = migrationsFolder): Journal['entries'] {
  let entries = journals.get(folder);
  if (!entries) {
    entries = (JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as Journal).entries;
    journals.set(folder, entries);
  }
  return entries;
}

/** Brings the schema up to date. Returns how many migrations were applied. */
export async function runMigrations(database: Database, folder = migrationsFolder): Promise<number> {
  const before = await appliedMigrationCount(database);
  if (database.engine === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  } else {
    const lockClient = new pg.Client({ connectionString: database.url });
    await lockClient.connect();
    try {
      await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrateNodePg(database.db as unknown as NodePgDatabase, { migrationsFolder: folder });
    } finally {
      await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
      await lockClient.end();
    }
  }
  return (await appliedMigrationCount(database)) - before;
}

/** How many migrations the database has recorded (0 on a new database). */
export async function appliedMigrationCount(database: Database): Promise<number> {
  // Two statements: the count would fail at parse time on a database without the table.
  const [exists] = await queryRows<{ t: string | null }>(database.db, sql`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists?.t) return 0;
  const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
  return Number(row?.n ?? 0);
}

/** True when every migration this build ships has been applied. */
export async function migrationsCurrent(database: Database, folder = migrationsFolder): Promise<boolean> {
  return (await appliedMigrationCount(database)) >= shippedMigrations(folder).length;
}
