// The own two-factor endpoints: enrol (setup, confirm), state, renew recovery codes.
import { api } from '../../api/client.ts';
import { mfaRequiredFor } from '../../../common/roles.ts';
import type { SessionUser } from './auth.api.ts';

/** React Query key of the own two-factor state. */
export const MFA_QUERY_KEY = ['auth', 'mfa'] as const;

export interface MfaSetup {
  /** Base32, to type into the authenticator app. */
  secret: string;
  /** otpauth://totp/… — a phone with an authenticator app opens it directly. */
  otpauthUri: string;
}

/** Starts enrolment: a new secret (any earlier unconfirmed one stops working). */
export function startMfaSetup(): Promise<MfaSetup> {
  return api.post<MfaSetup>('/api/v1/auth/mfa/setup');
}

/** Finishes enrolment with a first code; the recovery codes are returned this once. */
export async function confirmMfa(otp: string): Promise<string[]> {
  const { recoveryCodes } = await api.post<{ recoveryCodes: string[] }>('/api/v1/auth/mfa/confirm', { otp });
  return recoveryCodes;
}

/** How many unused recovery codes the signed-in user has. */
export async function fetchMfaState(signal?: AbortSignal): Promise<{ recoveryCodesLeft: number }> {
  return api.get<{ recoveryCodesLeft: number }>('/api/v1/auth/mfa', signal);
}

/** New recovery codes (the old ones stop working); needs a current code. */
export async function renewRecoveryCodes(otp: string): Promise<string[]> {
  const { recoveryCodes } = await api.post<{ recoveryCodes: string[] }>('/api/v1/auth/mfa/recovery-codes', { otp });
  return recoveryCodes;
}

/** The secret in groups of four characters, as people type it. */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** A TOTP code as typed (spaces removed), or null when it is not six digits. */
export function normalizeTotp(value: string | undefined): string | null {
  const code = (value ?? '').replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/** True for what the sign-in field accepts: six digits or a recovery code (XXXXX-XXXXX). */
export function isOtpOrRecoveryCode(value: string | undefined): boolean {
  const code = (value ?? '').replace(/\s+/g, '');
  return /^\d{6}$/.test(code) || /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(code);
}

/** True when the signed-in user must set up two-factor before using anything else. */
export function mfaEnrolmentPending(user: SessionUser): boolean {
  return !user.mustChangePassword && (user.mfaRequired ?? mfaRequiredFor(user.roles)) && !user.mfaEnabled;
}
