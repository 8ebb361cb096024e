/**
 * `npm run demo`: the product with demo data, in a data folder of its own (DATA_DIR=./data-demo
 * unless set). On the first start it migrates, creates one demo account per role (ONE PUBLIC
 * PASSWORD: demo only) and about 5,000 tickets over three years; later starts reuse the folder.
 * Then the server starts as with `npm start`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWhatIsStale, serverEntry } from './builds.mjs';

process.env.DATA_DIR ||= './data-demo';
if (process.env.DATABASE_URL) {
  process.stderr.write('npm run demo chỉ dùng cơ sở dữ liệu nhúng; hãy bỏ DATABASE_URL. / npm run demo uses the embedded database only: unset DATABASE_URL.\n');
  process.exit(1);
}

const { loadConfig } = await import('../src/server/config.ts');
const { pgliteDir } = await import('../src/server/product.ts');
const config = loadConfig();
const readyMarker = path.join(config.dataDir, 'demo-ready');

if (!fs.existsSync(readyMarker)) {
  if (fs.existsSync(pgliteDir(config))) {
    // Never put accounts with a public password into a folder that holds something else.
    process.stderr.write(
      `${config.dataDir} đã có cơ sở dữ liệu nhưng không phải bản demo hoàn chỉnh; hãy xóa thư mục này hoặc chọn DATA_DIR khác.\n` +
        `${config.dataDir} already holds a database that is not a finished demo: delete the folder or choose another DATA_DIR.\n`,
    );
    process.exit(1);
  }
  const { lockDataDir } = await import('../src/server/db/data-dir-lock.ts');
  const { openDatabase } = await import('../src/server/db/database.ts');
  const { runMigrations } = await import('../src/server/db/migrate.ts');
  const { loadReference } = await import('../src/server/modules/reference/reference.service.ts');
  const { createSecretBox, loadSecretKey } = await import('../src/server/lib/secret-box.ts');
  const { createDemoAccounts } = await import('../src/server/demo/demo-accounts.ts');
  const { generateDemoTickets } = await import('../src/server/demo/demo.service.ts');
  process.stdout.write(`Tạo dữ liệu demo trong / creating demo data in ${config.dataDir} …\n`);
  const lock = lockDataDir(config.dataDir);
  const database = await openDatabase({ engine: 'pglite', dataDir: pgliteDir(config) });
  try {
    await runMigrations(database);
    await loadReference(database);
    const now = new Date();
    await createDemoAccounts(database, createSecretBox(loadSecretKey(config.secretKey, config.dataDir)), now);
    const result = await generateDemoTickets(database, {
      tickets: 5000,
      years: 3,
      seed: 'demo',
      now,
      codePrefix: config.ticketCodePrefix,
      skipForeignKeyChecks: true,
      onProgress: (p) => process.stderr.write(`  ${p.done}/${p.total} phiếu, ${p.perSecond} phiếu/giây / tickets/s\n`),
    });
    process.stdout.write(`Đã sinh ${result.tickets} phiếu trong ${result.seconds.toFixed(1)} s. / ${result.tickets} tickets generated.\n`);
  } finally {
    await database.close();
    lock.release();
  }
  fs.writeFileSync(readyMarker, `${new Date().toISOString()}\n`);
}

const { demoBanner } = await import('../src/server/demo/demo-accounts.ts');
process.stdout.write(demoBanner(`http://localhost:${config.port}`));

// Then the server, as `npm start` runs it: the builds made if stale, the compiled server.
buildWhatIsStale();
await import(pathToFileURL(serverEntry).href);
