/**
 * The only reader of the environment. Every setting is validated once at start-up; a bad
 * value stops the start with one line naming the variable. The result is frozen.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const services = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(['web', 'worker'])).min(1));

/** Each variable, its default and what it means; the README's configuration table mirrors it. */
const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'phải bắt đầu bằng postgres:// hoặc postgresql://')
    .optional(),
  DATABASE_POOL_MAX: int(1, 200).default(10),
  SERVICES: services.default(['web', 'worker']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  TRUST_PROXY: bool.default(false),
  PUBLIC_URL: z.url().optional(),
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  WEB_DIST_DIR: z.string().min(1).default('dist/web'),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: int(1, 24 * 30).default(12),
  TICKET_CODE_PREFIX: z.string().regex(/^[A-Za-z0-9]{1,10}$/, 'chỉ chữ và số, tối đa 10 ký tự').default('1022'),
  REOPEN_WINDOW_DAYS: int(0, 365).default(30),
  REOPEN_LIMIT: int(0, 20).default(2),
  AUTO_CLOSE_DAYS: int(1, 365).default(7),
  PROLONGED_OVERDUE_WORKING_DAYS: int(0, 365).default(5),
  PROLONGED_REOPEN_COUNT: int(1, 100).default(2),
  AGENCY_LINK_DAYS: int(1, 90).default(10),
  ATTACHMENT_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  PUBLIC_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(60),
  LOGIN_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(30),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: int(0, 600_000).default(2000),
  OVERLOAD_MAX_DB_WAITING: int(0, 100_000).default(200),
  SEARCH_BUDGET_MS: int(0, 600_000).default(150),
  SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'phải là 32 byte mã hóa base64 (openssl rand -base64 32)')
    .optional(),
  // Test-only: journeys move the product's clock (deadlines, reports) by restarting it with an
  // offset. Refused unless NODE_ENV=test, so a production start can never run on a moved clock.
  TEST_CLOCK_OFFSET_MINUTES: z.coerce.number().int().min(-10 * 366 * 1440).max(10 * 366 * 1440).optional(),
  NODE_ENV: z.string().optional(),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  services: ReadonlyArray<'web' | 'worker'>;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  trustProxy: boolean;
  publicUrl: string | undefined;
  shutdownTimeoutMs: number;
  webDistDir: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  secretKey: string | undefined;
  publicRateLimitPerMinute: number;
  overloadMaxEventLoopDelayMs: number;
  /** How long a word search may ask the full-text index for all its matches (PostgreSQL; 0: no limit). */
  searchBudgetMs: number;
  overloadMaxDbWaiting: number;
  loginRateLimitPerMinute: number;
  ticketCodePrefix: string;
  reopenWindowDays: number;
  reopenLimit: number;
  /** An answered ticket the citizen neither rated nor reopened closes after this many calendar days. */
  autoCloseDays: number;
  attachmentMaxBytes: number;
  /** The prolonged list: tickets overdue by more than this many working days … */
  prolongedOverdueWorkingDays: number;
  /** … or reopened at least this many times. */
  prolongedReopenCount: number;
  /** An email-only agency's answer link expires this many calendar days after it is sent. */
  agencyLinkDays: number;
  /** Test only (NODE_ENV=test): minutes added to the system clock; 0 otherwise. */
  testClockOffsetMinutes: number;
}>;

/** A configuration value the product cannot start with. */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Cấu hình không hợp lệ / invalid configuration: ${variable} — ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings; `env` defaults to the process environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    // Never echo a value that may carry a password.
    const shown = /URL|SECRET|PASSWORD|KEY/.test(variable) ? '' : ` (giá trị: ${JSON.stringify(present[variable] ?? null)})`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const e = parsed.data;
  if (e.TEST_CLOCK_OFFSET_MINUTES !== undefined && e.NODE_ENV !== 'test') {
    throw new ConfigError('TEST_CLOCK_OFFSET_MINUTES', 'chỉ dùng cho kiểm thử (cần NODE_ENV=test) / test only, needs NODE_ENV=test');
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    services: Object.freeze([...new Set(e.SERVICES)]),
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    secretKey: e.SECRET_KEY,
    publicRateLimitPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
    overloadMaxEventLoopDelayMs: e.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    overloadMaxDbWaiting: e.OVERLOAD_MAX_DB_WAITING,
    searchBudgetMs: e.SEARCH_BUDGET_MS,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    ticketCodePrefix: e.TICKET_CODE_PREFIX,
    reopenWindowDays: e.REOPEN_WINDOW_DAYS,
    reopenLimit: e.REOPEN_LIMIT,
    autoCloseDays: e.AUTO_CLOSE_DAYS,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    prolongedOverdueWorkingDays: e.PROLONGED_OVERDUE_WORKING_DAYS,
    prolongedReopenCount: e.PROLONGED_REOPEN_COUNT,
    agencyLinkDays: e.AGENCY_LINK_DAYS,
    testClockOffsetMinutes: e.TEST_CLOCK_OFFSET_MINUTES ?? 0,
  });
}
