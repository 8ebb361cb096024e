// Journey: a staff member signs in to a freshly started product, is made to replace the
// one-time password and then (as an administrator) to set up two-factor authentication,
// signs in again with a code from the app, looks around in Vietnamese and English, and signs out.
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot, startProduct, type RunningProduct, journeyPage } from './harness.ts';

interface Problem {
  title: string;
  code: string;
  errors?: { path?: string; message?: string }[];
}
interface LoginAnswer {
  user: { displayName: string; mustChangePassword: boolean; roles: string[] };
}

const TOTP_PERIOD_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The current 30-second TOTP time step. */
function totpStep(at = Date.now()): number {
  return Math.floor(at / TOTP_PERIOD_MS);
}

/** The code an authenticator app shows now for the base32 secret. */
function totpCode(secret: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });
}

/** Six digits that are the code of none of the steps the server accepts now (one step of drift). */
function codeNotValidNow(secret: string): string {
  const now = Date.now();
  const valid = new Set([-1, 0, 1].map((delta) => totpCode(secret, now + delta * TOTP_PERIOD_MS)));
  let n = 123456;
  while (valid.has(String(n))) n += 1;
  return String(n);
}

/** Vietnamese text carries letters English never has. */
const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;

async function submitLogin<T>(page: Page, username: string, password: string): Promise<{ status: number; body: T }> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST');
  await page.getByLabel('Mật khẩu').press('Enter');
  const response = await answer;
  return { status: response.status(), body: (await response.json()) as T };
}

/** Types the two-factor code into the login form's code field and sends it. */
async function submitOtp<T>(page: Page, code: string): Promise<{ status: number; body: T }> {
  const field = page.getByLabel('Mã xác thực hai lớp');
  await field.fill(code);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST');
  await field.press('Enter');
  const response = await answer;
  return { status: response.status(), body: (await response.json()) as T };
}

describe.skipIf(!hasChromium())('signing in and out', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 800 } });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('sends a visitor to the login page, refuses a wrong password, signs the admin in and out', async () => {
    const { page, errors: pageErrors } = await journeyPage(context, 'login-failed');

    // Signed out, the home page redirects to the login page, in Vietnamese.
    await page.goto(`${product.baseUrl}/`);
    await page.waitForURL(`${product.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Tổng đài 1022' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    const username = page.getByLabel('Tên đăng nhập');
    expect(await username.evaluate((el) => el === document.activeElement)).toBe(true);

    // A wrong password: the server's own Vietnamese message is shown.
    const refused = await submitLogin<Problem>(page, 'admin', 'not-the-password');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.invalid_credentials');
    expect(refused.body.title).toMatch(VIETNAMESE);
    const alert = page.getByRole('alert').filter({ hasText: refused.body.title });
    await alert.waitFor();
    expect(page.url()).toBe(`${product.baseUrl}/login`);

    // The one-time admin password signs in, and the shell insists on a new password first.
    const accepted = await submitLogin<LoginAnswer>(page, 'admin', product.adminPassword);
    expect(accepted.status).toBe(200);
    const { user } = accepted.body;
    expect(user.roles).toContain('admin');
    expect(user.mustChangePassword).toBe(true);
    await page.waitForURL(`${product.baseUrl}/profile/password`);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await page.getByTestId('current-user').filter({ hasText: user.displayName }).waitFor();
    const notice = page.getByText('Bạn cần đổi mật khẩu');
    await notice.waitFor();
    const menu = page.getByRole('navigation', { name: 'Menu chính' });
    await menu.getByText('Quản trị hệ thống').waitFor();

    // Every other page sends the user back here until the password is changed.
    await menu.getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL(`${product.baseUrl}/profile/password`);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();

    // The client checks that the two new passwords match before asking the server.
    const current = page.getByLabel('Mật khẩu hiện tại', { exact: true });
    const next = page.getByLabel('Mật khẩu mới', { exact: true });
    const confirm = page.getByLabel('Nhập lại mật khẩu mới', { exact: true });
    await current.fill(product.adminPassword);
    await next.fill('Song-nuoc-Dong-Thap-2026');
    await confirm.fill('Song-nuoc-Dong-Thap-2027');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Hai mật khẩu mới không khớp nhau.').waitFor();

    // A common password: the server's Vietnamese reason appears under the new password.
    const submitChange = async () => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      return answer;
    };
    await next.fill('password1234');
    await confirm.fill('password1234');
    const weak = await submitChange();
    expect(weak.status()).toBe(422);
    const weakBody = (await weak.json()) as Problem;
    expect(weakBody.code).toBe('auth.weak_password');
    const reason = weakBody.errors?.find((item) => item.path === 'newPassword')?.message ?? '';
    expect(reason).toMatch(VIETNAMESE);
    await page.getByText(reason).waitFor();
    await screenshot(page, 'change-password-weak');

    // A strong one is accepted: the notice goes away, and an administrator must now set up two-factor.
    await next.fill('Song-nuoc-Dong-Thap-2026');
    await confirm.fill('Song-nuoc-Dong-Thap-2026');
    const strong = await submitChange();
    expect(strong.status()).toBe(204);
    await page.waitForURL(`${product.baseUrl}/profile/mfa`);
    await page.getByRole('heading', { level: 1, name: 'Xác thực hai lớp' }).waitFor();
    await notice.waitFor({ state: 'detached' });
    const mfaNotice = page.getByText('Vai trò của bạn bắt buộc xác thực hai lớp');
    await mfaNotice.waitFor();

    // Every other page sends the user back here until two-factor is on.
    await menu.getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL(`${product.baseUrl}/profile/mfa`);
    await page.getByRole('heading', { level: 1, name: 'Xác thực hai lớp' }).waitFor();

    // The user menu in the header leads to both profile pages.
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: 'Đổi mật khẩu' }).waitFor();
    await page.getByRole('menuitem', { name: 'Xác thực hai lớp' }).waitFor();
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: 'Xác thực hai lớp' }).waitFor({ state: 'hidden' });

    // Start: the key is shown in groups of four, with the otpauth link for a phone.
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    const secretText = page.getByTestId('mfa-secret');
    await secretText.waitFor();
    const shown = (await secretText.textContent()) ?? '';
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const secret = shown.replace(/\s+/g, '');
    const link = page.getByRole('link', { name: /otpauth/ });
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^otpauth://totp/.*secret=${secret}`));
    await page.getByText('Google Authenticator', { exact: false }).first().waitFor();
    await page.getByText('không hiển thị mã QR', { exact: false }).waitFor();
    await screenshot(page, 'mfa-setup');

    // A wrong code is refused with the server's message on the field; the right one turns two-factor on.
    const codeField = page.getByLabel('Mã 6 chữ số trong ứng dụng');
    const submitCode = async (code: string) => {
      await codeField.fill(code);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/mfa/confirm') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
      return answer;
    };
    const wrong = await submitCode(codeNotValidNow(secret));
    expect(wrong.status()).toBe(401);
    const wrongBody = (await wrong.json()) as Problem;
    expect(wrongBody.code).toBe('auth.otp_invalid');
    await page.getByText(wrongBody.title).waitFor();

    const enrolStep = totpStep();
    const enrolCode = totpCode(secret);
    const confirmed = await submitCode(enrolCode);
    expect(confirmed.status()).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    const listed = page.getByTestId('recovery-codes').getByRole('listitem');
    await listed.first().waitFor();
    expect(await listed.allTextContents()).toEqual(recoveryCodes);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await page.getByText('Hãy lưu các mã khôi phục này ngay').waitFor();
    await page.getByRole('button', { name: 'Sao chép' }).waitFor();
    await mfaNotice.waitFor({ state: 'detached' });
    await screenshot(page, 'mfa-recovery-codes');

    // Saved: on to the page the user was going to.
    await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
    await page.waitForURL(`${product.baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
    expect(await notice.count()).toBe(0);
    expect(await mfaNotice.count()).toBe(0);

    // The two-factor page now shows the state and the codes left.
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: 'Xác thực hai lớp' }).click();
    await page.waitForURL(`${product.baseUrl}/profile/mfa`);
    await page.getByText('Đang bật').waitFor();
    await page.getByText('Mã khôi phục chưa dùng: 10').waitFor();

    // Signing in again takes the password and then a code from the app.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${product.baseUrl}/login`);
    const askCode = await submitLogin<Problem>(page, 'admin', 'Song-nuoc-Dong-Thap-2026');
    expect(askCode.status).toBe(401);
    expect(askCode.body.code).toBe('auth.otp_required');
    const otpField = page.getByLabel('Mã xác thực hai lớp');
    await otpField.waitFor();
    await page.getByText(askCode.body.title).waitFor();
    await expect.poll(() => otpField.evaluate((el) => el === document.activeElement)).toBe(true);

    // The code used for the set-up is refused (a code works once), with the server's message.
    const reused = await submitOtp<Problem>(page, enrolCode);
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('auth.otp_invalid');
    expect(reused.body.title).toMatch(VIETNAMESE);
    await page.getByRole('alert').filter({ hasText: reused.body.title }).waitFor();
    expect(page.url()).toBe(`${product.baseUrl}/login`);

    // A fresh code, from a later 30-second step than the one just used.
    while (totpStep() <= enrolStep) await sleep((totpStep() + 1) * TOTP_PERIOD_MS - Date.now() + 250);
    const signedIn = await submitOtp<LoginAnswer>(page, totpCode(secret));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.mustChangePassword).toBe(false);
    // Signed in (on the overview, or back on the page where the user signed out).
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.getByTestId('current-user').waitFor();
    await menu.getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL(`${product.baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
    expect(await notice.count()).toBe(0);
    expect(await mfaNotice.count()).toBe(0);

    // English, remembered across a reload.
    // antd draws the radio button over a zero-size input: click the visible label, as a user does.
    await page.getByRole('radiogroup', { name: 'Ngôn ngữ' }).getByText('English').click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main menu' }).getByText('Administration').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByText('You must change your password').count()).toBe(0);
    await screenshot(page, 'login-shell-en');

    // Signing out ends the session and shows the login page again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${product.baseUrl}/login`);
    await page.getByLabel('Username').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.request.get(`${product.baseUrl}/api/v1/auth/me`);
    expect(me.status()).toBe(401);
    await screenshot(page, 'login-signed-out');

    expect(pageErrors).toEqual([]);
  }, 240_000);
});
