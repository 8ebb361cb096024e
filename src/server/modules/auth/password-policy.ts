/**
 * What a password must be: at least 12 characters, not on the bundled list of common and
 * breached passwords, not built from the username, not one repeated character.
 */
import fs from 'node:fs';
import { projectPath } from '../../lib/project-root.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(projectPath('reference', 'security', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

/** Reasons, in Vietnamese, why `password` is refused; empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const p = password.normalize('NFC');
  if ([...p].length < MIN_PASSWORD_LENGTH) problems.push(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
  if ([...p].length > MAX_PASSWORD_LENGTH) problems.push(`Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự.`);
  const lower = p.toLowerCase();
  if (commonPasswords().has(lower)) problems.push('Mật khẩu này quá phổ biến (nằm trong danh sách mật khẩu hay bị lộ).');
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('Mật khẩu không được chứa tên đăng nhập.');
  if (/^(.)\1*$/u.test(p)) problems.push('Mật khẩu không được chỉ gồm một ký tự lặp lại.');
  return problems;
}
