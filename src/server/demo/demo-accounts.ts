/**
 * Demo accounts, one or more per role, with ONE KNOWN PASSWORD and, for the roles that need
 * two-factor authentication, pre-enrolled TOTP secrets derived from the username. For the
 * demo only: anyone who reads this file can sign in to a demo installation.
 */
import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { mfaRequiredFor, type Role } from '../../common/roles.ts';
import { tx, type Database } from '../db/database.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import { activateMfa, createUser, storeMfaSecret } from '../modules/users/users.service.ts';

/** The password of every demo account. Public: demo only. */
export const DEMO_PASSWORD = 'Demo-1022-Dong-Thap!';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  orgUnitCode?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: 'Quản trị (demo)', roles: ['admin'] },
  { username: 'truongca', displayName: 'Lê Thị Trưởng Ca (demo)', roles: ['supervisor'] },
  { username: 'dtv1', displayName: 'Nguyễn Thị Điện Thoại Viên 1 (demo)', roles: ['operator'] },
  { username: 'dtv2', displayName: 'Trần Văn Điện Thoại Viên 2 (demo)', roles: ['operator'] },
  { username: 'lanhdao', displayName: 'Phạm Văn Lãnh Đạo (demo)', roles: ['leader'] },
  { username: 'xd.daumoi', displayName: 'Đầu mối Sở Xây dựng (demo)', roles: ['agency_focal'], orgUnitCode: 'so-xay-dung' },
  { username: 'xd.chuyenvien', displayName: 'Chuyên viên Sở Xây dựng (demo)', roles: ['agency_staff'], orgUnitCode: 'so-xay-dung' },
  { username: 'yt.daumoi', displayName: 'Đầu mối Sở Y tế (demo)', roles: ['agency_focal'], orgUnitCode: 'so-y-te' },
  { username: 'yt.chuyenvien', displayName: 'Chuyên viên Sở Y tế (demo)', roles: ['agency_staff'], orgUnitCode: 'so-y-te' },
  { username: 'caolanh.daumoi', displayName: 'Đầu mối UBND phường Cao Lãnh (demo)', roles: ['agency_focal'], orgUnitCode: 'phuong-cao-lanh' },
  { username: 'caolanh.chuyenvien', displayName: 'Chuyên viên UBND phường Cao Lãnh (demo)', roles: ['agency_staff'], orgUnitCode: 'phuong-cao-lanh' },
];

/** The demo TOTP secret of a username (base32): fixed, so that it can be printed at every start. */
export function demoTotpSecret(username: string): string {
  // A copy: a Buffer may be a view into a larger shared pool.
  const bytes = Uint8Array.from(createHash('sha1').update(`t1022-demo-totp:${username}`).digest());
  return new Secret({ buffer: bytes.buffer }).base32;
}

export function demoTotpUri(username: string): string {
  return new TOTP({ issuer: 'Tổng đài 1022 (demo)', label: username, secret: Secret.fromBase32(demoTotpSecret(username)), digits: 6, period: 30, algorithm: 'SHA1' }).toString();
}

/** Creates the demo accounts; the two-factor ones already enrolled with their demo secret. */
export async function createDemoAccounts(database: Database, secrets: SecretBox, now: Date): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const { user } = await createUser(database, { ...account, password: DEMO_PASSWORD, email: null });
    if (!mfaRequiredFor(account.roles)) continue;
    await tx(database, async (t) => {
      await storeMfaSecret(t, user.id, secrets.seal(demoTotpSecret(account.username)));
      await activateMfa(t, user.id, now, 0);
    });
  }
  await tx(database, (t) =>
    recordAudit(
      t,
      { actorId: null, actorLabel: 'demo-generator', requestId: null, ip: null, userAgent: null },
      { action: 'demo.accounts_created', entityType: 'demo', entityId: null, changes: { usernames: DEMO_ACCOUNTS.map((a) => a.username) } },
      now,
    ),
  );
}

/** The loud banner printed at every demo start. */
export function demoBanner(url: string): string {
  const line = '!'.repeat(78);
  const rows = DEMO_ACCOUNTS.map((a) => `   ${a.username.padEnd(20)} ${a.roles.join(',').padEnd(14)} ${a.orgUnitCode ?? ''}`);
  const mfa = DEMO_ACCOUNTS.filter((a) => mfaRequiredFor(a.roles)).flatMap((a) => [`   ${a.username}: mã bí mật TOTP / TOTP secret ${demoTotpSecret(a.username)}`, `     ${demoTotpUri(a.username)}`]);
  return [
    line,
    ' BẢN DEMO — MẬT KHẨU CÔNG KHAI. KHÔNG DÙNG CHO DỮ LIỆU THẬT.',
    ' DEMO ONLY — PUBLIC PASSWORD. NEVER USE THIS INSTALLATION FOR REAL DATA.',
    line,
    ` Địa chỉ / address: ${url}`,
    ` Mật khẩu mọi tài khoản / password of every account: ${DEMO_PASSWORD}`,
    ...rows,
    ' Quản trị và trưởng ca cần mã xác thực hai lớp: thêm mã bí mật dưới đây vào ứng dụng',
    ' xác thực (Google Authenticator, Aegis…) / admin and supervisor need a two-factor code:',
    ' add the secret below to any authenticator app:',
    ...mfa,
    line,
    '',
  ].join('\n');
}
