// Journey: a staff member signs in to a freshly started product, is made to replace the
// one-time password, looks around in Vietnamese and English, and signs out.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hasChromium, launchBrowser, screenshot, startProduct, type RunningProduct } from './harness.ts';

interface Problem {
  title: string;
  code: string;
  errors?: { path?: string; message?: string }[];
}
interface LoginAnswer {
  user: { displayName: string; mustChangePassword: boolean; roles: string[] };
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
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await screenshot(page, 'login-failed');
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Refused requests (401) are expected; anything else the console reports (a CSP violation) is not.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });

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

    // A strong one is accepted: the notice goes away and the rest of the app opens.
    await next.fill('Song-nuoc-Dong-Thap-2026');
    await confirm.fill('Song-nuoc-Dong-Thap-2026');
    const strong = await submitChange();
    expect(strong.status()).toBe(204);
    await page.getByText('Mật khẩu mới có hiệu lực ngay.', { exact: false }).waitFor();
    await notice.waitFor({ state: 'detached' });

    // The user menu in the header leads to this page too.
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: 'Đổi mật khẩu' }).waitFor();
    await page.keyboard.press('Escape');

    await menu.getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL(`${product.baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
    expect(await notice.count()).toBe(0);

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
  }, 120_000);
});
