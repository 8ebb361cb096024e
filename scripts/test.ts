/**
 * `npm test`: runs every test suite that this machine can run, and says plainly which it had
 * to skip. Integration tests always run on PGlite; also on PostgreSQL when TEST_DATABASE_URL
 * is set. Browser journeys run when Chromium is installed. With REQUIRE_ALL_SUITES=1 (CI) a
 * missing PostgreSQL or Chromium is an error, not a skip.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const strict = process.env.REQUIRE_ALL_SUITES === '1';
const skipped: string[] = [];
const problems: string[] = [];

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) {
  skipped.push('PostgreSQL: integration tests ran on PGlite only, and the browser journey of a search stopped at its time budget (e2e/search.e2e.test.ts) did not run (set TEST_DATABASE_URL=postgres://… to run them on PostgreSQL too)');
} else {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    problems.push(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${(err as Error).message}`);
  }
}
const hasChromium = fs.existsSync(chromium);
if (!hasChromium) skipped.push(`browser journeys (e2e/): no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);

if (strict && skipped.length) problems.push(...skipped.map((s) => `required suite unavailable: ${s}`));
if (problems.length) {
  for (const p of problems) process.stderr.write(`✗ ${p}\n`);
  process.exit(1);
}

const resultFile = path.join(os.tmpdir(), `t1022-vitest-${process.pid}.json`);
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } });

let summary = '';
if (fs.existsSync(resultFile)) {
  const r = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
  fs.rmSync(resultFile, { force: true });
}
process.stdout.write('\n');
for (const s of skipped) process.stdout.write(`⚠ skipped: ${s}\n`);
if (summary) process.stdout.write(`${summary}\n`);
process.exit(run.status ?? 1);
