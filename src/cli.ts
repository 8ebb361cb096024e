/**
 * Command line: `npm run cli -- <command> [options]`. Works on the database the configuration
 * names (PGlite in DATA_DIR, or DATABASE_URL). On PGlite the server must be stopped first: one
 * process at a time may open the folder.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './server/config.ts';
import { DataDirLockedError, lockDataDir } from './server/db/data-dir-lock.ts';
import { openDatabase, type Database } from './server/db/database.ts';
import { runMigrations } from './server/db/migrate.ts';
import { AppError } from './server/lib/app-error.ts';
import { pgliteDir } from './server/product.ts';
import { verifyAuditChain } from './server/modules/audit/audit.service.ts';
import { loadReference } from './server/modules/reference/reference.service.ts';
import { ROLES, type Role } from './common/roles.ts';
import { createUser, resetPassword } from './server/modules/users/users.service.ts';
import { generateDemoTickets } from './server/demo/demo.service.ts';
import { systemClock } from './server/lib/clock.ts';

const HELP = `Tổng đài 1022 — công cụ dòng lệnh / command line

Cách dùng / usage: npm run cli -- <lệnh> [tùy chọn]

Lệnh / commands:
  migrate                          Áp dụng các migration còn thiếu / apply pending migrations
  reference:load [--force]         Nạp dữ liệu tham chiếu (lĩnh vực, đơn vị, ngày nghỉ);
                                   chạy lại không tạo bản trùng / load reference data (idempotent)
  user:create --username U --name "Họ tên" --role R[,R…] [--org MÃ_ĐƠN_VỊ] [--email E]
                                   Tạo người dùng; in mật khẩu tạm MỘT LẦN / create a user,
                                   prints a one-time password. Roles: ${ROLES.join(', ')}
  user:reset-password --username U Đặt mật khẩu tạm mới, in MỘT LẦN / new one-time password
  audit:verify                     Kiểm tra chuỗi băm của nhật ký kiểm toán; chỉ ra dòng đầu tiên bị
                                   sửa, xóa hoặc chèn sai thứ tự / verify the audit hash chain
  generate --tickets N [--years 3] [--seed S]
                                   Sinh N phiếu mẫu (demo, đo hiệu năng) trong --years năm đến hôm nay;
                                   cùng hạt giống cho cùng dữ liệu / generate N realistic demo
                                   tickets over the last years (deterministic from the seed)
  help                             Trợ giúp này / this help

Cấu hình qua biến môi trường như khi chạy máy chủ (DATA_DIR, DATABASE_URL…).
Với cơ sở dữ liệu nhúng, hãy dừng máy chủ trước khi chạy lệnh.`;

async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  const database = config.databaseUrl
    ? await openDatabase({ engine: 'postgres', url: config.databaseUrl, poolMax: 2 })
    : await openDatabase({ engine: 'pglite', dataDir: pgliteDir(config) });
  try {
    await runMigrations(database);
    return await work(database);
  } finally {
    await database.close();
    lock?.release();
  }
}

function parseRoles(value: string | undefined): Role[] {
  const roles = (value ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length) {
    throw new UsageError(`--role phải là một hoặc nhiều trong: ${ROLES.join(', ')}${unknown.length ? ` (không hiểu: ${unknown.join(', ')})` : ''}`);
  }
  return roles as Role[];
}

class UsageError extends Error {}

export async function runCli(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(HELP);
    return 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      force: { type: 'boolean', default: false },
      tickets: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    out(HELP);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      return withDatabase(config, async (db) => {
        const applied = await runMigrations(db);
        out(applied ? `Đã áp dụng ${applied} migration.` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.');
        return 0;
      });
    case 'reference:load':
      return withDatabase(config, async (db) => {
        const result = await loadReference(db, { force: values.force });
        out(`${result.skipped ? 'Dữ liệu tham chiếu không đổi; không cần nạp lại.' : 'Đã nạp dữ liệu tham chiếu.'} ${JSON.stringify(result.counts)}`);
        return 0;
      });
    case 'user:create': {
      if (!values.username || !values.name) throw new UsageError('user:create cần --username và --name');
      const roles = parseRoles(values.role);
      return withDatabase(config, async (db) => {
        const { user, generatedPassword } = await createUser(db, {
          username: values.username!,
          displayName: values.name!,
          roles,
          email: values.email ?? null,
          ...(values.org ? { orgUnitCode: values.org } : {}),
        });
        out(`Đã tạo người dùng ${user.username} (${user.roles.join(', ')}).`);
        out(`Mật khẩu tạm (chỉ hiện một lần, phải đổi khi đăng nhập): ${generatedPassword}`);
        return 0;
      });
    }
    case 'user:reset-password': {
      if (!values.username) throw new UsageError('user:reset-password cần --username');
      return withDatabase(config, async (db) => {
        const password = await resetPassword(db, values.username!);
        out(`Mật khẩu tạm mới của ${values.username} (chỉ hiện một lần, phải đổi khi đăng nhập): ${password}`);
        return 0;
      });
    }
    case 'audit:verify':
      return withDatabase(config, async (db) => {
        const result = await verifyAuditChain(db.db);
        if (result.ok) {
          out(`Nhật ký kiểm toán nguyên vẹn: đã kiểm ${result.rowsChecked} dòng. / Audit trail intact.`);
          return 0;
        }
        const bad = result.firstBad!;
        const what = { altered: 'bị sửa', missing_before: 'có dòng trước nó bị xóa hoặc chèn', out_of_order: 'sai thứ tự / không nối với dòng trước', missing_at_end: 'là dòng cuối còn lại: các dòng sau nó đã bị xóa' }[bad.problem];
        out(`PHÁT HIỆN SAI LỆCH: dòng id ${bad.id} (chuỗi ${bad.chain}, số thứ tự ${bad.seq}) ${what}. / TAMPERING DETECTED at row ${bad.id}: ${bad.problem}.`);
        return 3;
      });
    case 'generate': {
      const count = Number(values.tickets);
      const years = Number(values.years ?? 3);
      if (!Number.isInteger(count) || count < 1 || count > 100_000_000) throw new UsageError('generate cần --tickets N (số nguyên dương)');
      if (!Number.isFinite(years) || years <= 0 || years > 30) throw new UsageError('--years phải là số năm lớn hơn 0, tối đa 30');
      return withDatabase(config, async (db) => {
        // The generator draws on the reference data (communes, domains): load it if missing.
        await loadReference(db);
        const result = await generateDemoTickets(db, {
          tickets: count,
          years,
          ...(values.seed ? { seed: values.seed } : {}),
          now: systemClock.now(),
          codePrefix: config.ticketCodePrefix,
          // Only takes effect for a superuser; see prepareBulkLoad.
          skipForeignKeyChecks: true,
          onProgress: (p) => process.stderr.write(`  ${p.done}/${p.total} phiếu, ${p.perSecond} phiếu/giây / tickets/s\n`),
        });
        out(`Đã sinh ${result.tickets} phiếu (${result.events} sự kiện) trong ${result.seconds.toFixed(1)} s: ${result.perSecond} phiếu/giây. / Generated ${result.tickets} tickets, ${result.perSecond} tickets/s.`);
        return 0;
      });
    }
    default:
      throw new UsageError(`Lệnh không rõ: ${command}. Xem: npm run cli -- help`);
  }
}

// Run only when executed, not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirLockedError) {
        process.stderr.write(`${err.message}\n`);
      } else if (err instanceof AppError) {
        process.stderr.write(`${err.code}: ${err.detail ?? err.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? ''}\n`);
      } else if (err instanceof Error && 'code' in err && err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
        process.stderr.write(`${err.message}\n`);
      } else {
        process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      }
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
