/**
 * Staff for browser journeys: the administrator of a fresh product (one-time password replaced,
 * two-factor enrolled, all through the API), the accounts the administrator creates, API
 * sessions for setting the scene, and signing a browser in through the login page.
 */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import type { RunningProduct } from './harness.ts';

export const STAFF_PASSWORD = 'Phieu-thu-nghiem-2026!';
export const ADMIN_PASSWORD = 'Song-nuoc-Dong-Thap-2026';

/** The code an authenticator app shows now for the base32 secret. */
export function totpCode(secret: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });
}

/** A signed-in API client: keeps the cookies and sends the CSRF header on writes. */
export class ApiSession {
  private readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('t1022_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrf);
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Like request, but throws unless the status is 2xx. */
  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async login(username: string, password: string, otp?: string): Promise<void> {
    await this.ok('POST', '/api/v1/auth/login', { username, password, ...(otp ? { otp } : {}) });
  }
}

/** Replaces the admin's one-time password and enrols two-factor: an admin session ready to work. */
export async function adminSession(product: RunningProduct): Promise<ApiSession> {
  const admin = new ApiSession(product.baseUrl);
  await admin.login('admin', product.adminPassword);
  await admin.ok('POST', '/api/v1/auth/password', { currentPassword: product.adminPassword, newPassword: ADMIN_PASSWORD });
  await admin.login('admin', ADMIN_PASSWORD);
  const { secret } = await admin.ok<{ secret: string }>('POST', '/api/v1/auth/mfa/setup');
  await admin.ok('POST', '/api/v1/auth/mfa/confirm', { otp: totpCode(secret) });
  return admin;
}

export interface StaffUser {
  id: string;
  username: string;
}

/** Creates an account and sets its password (first sign-in through the API), so a browser signs in directly. */
export async function createStaff(admin: ApiSession, username: string, roles: string[], orgUnitCode?: string): Promise<StaffUser> {
  const { user, temporaryPassword } = await admin.ok<{ user: { id: string }; temporaryPassword: string }>('POST', '/api/v1/users', {
    username,
    displayName: username,
    roles,
    ...(orgUnitCode ? { orgUnitCode } : {}),
  });
  const session = new ApiSession(admin.baseUrl);
  await session.login(username, temporaryPassword);
  await session.ok('POST', '/api/v1/auth/password', { currentPassword: temporaryPassword, newPassword: STAFF_PASSWORD });
  return { id: user.id, username };
}

/** An API session of a staff member (to set the scene quickly). */
export async function staffSession(baseUrl: string, username: string): Promise<ApiSession> {
  const session = new ApiSession(baseUrl);
  await session.login(username, STAFF_PASSWORD);
  return session;
}

export interface TicketView {
  code: string;
  version: number;
  status: string;
}

/** Files a ticket from a call through the API, as an operator. */
export async function fileTicket(operator: ApiSession, phone: string, content: string, extra: Record<string, unknown> = {}): Promise<TicketView> {
  return operator.ok<TicketView>('POST', '/api/v1/tickets', {
    type: 'feedback',
    channel: 'phone_in',
    content,
    contact: { name: 'Nguyễn Văn An', phone },
    ...extra,
  });
}

/** One transition through the API with the ticket's current version. */
export async function act(session: ApiSession, code: string, action: string, body: Record<string, unknown> = {}): Promise<TicketView> {
  const { version } = await session.ok<TicketView>('GET', `/api/v1/tickets/${code}`);
  return session.ok<TicketView>('POST', `/api/v1/tickets/${code}/${action}`, { version, ...body });
}

/** Enrols two-factor for a signed-in account (as a supervisor must) and returns its base32 secret. */
export async function enrolMfa(session: ApiSession): Promise<string> {
  const { secret } = await session.ok<{ secret: string }>('POST', '/api/v1/auth/mfa/setup');
  await session.ok('POST', '/api/v1/auth/mfa/confirm', { otp: totpCode(secret) });
  return secret;
}

/**
 * Signs a browser page in through the login form and waits for the shell. `otp` gives the
 * two-factor code when the form asks for it (computed when asked, so it is current).
 */
export async function signInPage(page: Page, baseUrl: string, username: string, password = STAFF_PASSWORD, otp?: () => string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByLabel('Mật khẩu').press('Enter');
  if (otp) {
    const field = page.getByLabel('Mã xác thực hai lớp');
    await field.waitFor();
    await field.fill(otp());
    await field.press('Enter');
  }
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByTestId('current-user').waitFor();
}
