import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness.ts';
import { queryRows } from './database.ts';
import { appliedMigrationCount, migrationsCurrent, migrationsFolder, runMigrations, shippedMigrations } from './migrate.ts';

/** A copy of the shipped migrations plus one that creates a table and then fails. */
function folderWithBrokenMigration(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't1022-migrations-'));
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  const last = journal.entries[journal.entries.length - 1];
  journal.entries.push({ ...last, idx: last.idx + 1, tag: '9999_broken', when: last.when + 1 });
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  fs.writeFileSync(
    path.join(dir, '9999_broken.sql'),
    'CREATE TABLE half_written (id int);--> statement-breakpoint\nINSERT INTO half_written VALUES (1);--> statement-breakpoint\nSELECT no_such_function();',
  );
  return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describeEachEngine('migrations', (ctx) => {
  it('are all applied on a test database, and applying again does nothing', async () => {
    expect(await appliedMigrationCount(ctx.database)).toBe(shippedMigrations().length);
    expect(await runMigrations(ctx.database)).toBe(0);
    expect(await migrationsCurrent(ctx.database)).toBe(true);
  });

  it('leave the database as it was when one fails', async () => {
    const dir = folderWithBrokenMigration();
    dirs.push(dir);
    const before = await appliedMigrationCount(ctx.database);
    await expect(runMigrations(ctx.database, dir)).rejects.toThrow();
    expect(await appliedMigrationCount(ctx.database)).toBe(before);
    const [table] = await queryRows<{ t: string | null }>(ctx.database.db, sql`SELECT to_regclass('public.half_written')::text AS t`);
    expect(table?.t).toBeNull();
    // Readiness then reports the schema behind what this build would ship.
    expect(await migrationsCurrent(ctx.database, dir)).toBe(false);
  });
});
