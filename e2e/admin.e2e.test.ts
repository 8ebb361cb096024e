// Journey: the administrator creates an operator account through the admin pages, reads the
// one-time password from the screen and signs out; the new operator signs in with it, is made
// to choose a new password, and reaches the tickets console (with its "overdue" queue).
// On the way: the audit trail shows the creation, a token is issued and revoked, the deadline
// policy in force is listed, the sessions page marks this device, and a ticket's deadline is coloured.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, shownAndSettled, screenshot, startProduct, type RunningProduct, journeyPage } from './harness.ts';
import { ADMIN_PASSWORD, ApiSession, fileTicket, STAFF_PASSWORD, staffSession, totpCode } from './staff-helpers.ts';

const OPERATOR = 'dtv.lan';
const OPERATOR_NAME = 'Trần Thị Lan';
const UNIT = 'Văn phòng Ủy ban nhân dân tỉnh Đồng Tháp';

/** Readies the admin through the API (new password, two-factor) and keeps the recovery codes for the browser. */
async function readyAdmin(product: RunningProduct): Promise<string[]> {
  const admin = new ApiSession(product.baseUrl);
  await admin.login('admin', product.adminPassword);
  await admin.ok('POST', '/api/v1/auth/password', { currentPassword: product.adminPassword, newPassword: ADMIN_PASSWORD });
  await admin.login('admin', ADMIN_PASSWORD);
  const { secret } = await admin.ok<{ secret: string }>('POST', '/api/v1/auth/mfa/setup');
  const { recoveryCodes } = await admin.ok<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/mfa/confirm', { otp: totpCode(secret) });
  return recoveryCodes;
}

describe.skipIf(!hasChromium())('administering accounts', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let recoveryCodes: string[];

  beforeAll(async () => {
    product = await startProduct();
    recoveryCodes = await readyAdmin(product);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 860 } });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('creates an operator whose one-time password leads to a new password and the tickets page', async () => {
    const { page, errors } = await journeyPage(context, 'admin-failed');
    const { baseUrl } = product;

    // The admin signs in with password and a recovery code (the second factor).
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByLabel('Mật khẩu').press('Enter');
    const otp = page.getByLabel('Mã xác thực hai lớp');
    await otp.fill(recoveryCodes[0]!);
    await otp.press('Enter');
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.getByTestId('current-user').waitFor();

    // Users: the admin's own row shows two-factor on.
    const menu = page.getByRole('navigation', { name: 'Menu chính' });
    await menu.getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL(`${baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
    const table = page.getByTestId('users-table');
    const adminRow = table.getByRole('row').filter({ hasText: 'admin' }).first();
    await adminRow.getByText('Đang bật').waitFor();

    // Create: username, name, the operator role, a unit from the organization tree.
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    // (Found by its text: a web build made under the test runner gives every antd title the same id.)
    const dialog = page.getByRole('dialog').filter({ hasText: 'Tạo người dùng' });
    await dialog.waitFor();
    await dialog.getByLabel('Tên đăng nhập').fill(OPERATOR);
    await dialog.getByLabel('Họ và tên').fill(OPERATOR_NAME);
    await dialog.getByText('Điện thoại viên').click();
    expect(await dialog.getByRole('checkbox', { name: 'Điện thoại viên' }).isChecked()).toBe(true);
    await dialog.getByLabel('Đơn vị').fill('van phong uy ban');
    await page.locator(`.ant-select-dropdown .ant-select-item-option[title="${UNIT}"]`).click();
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Tạo', exact: true }).click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    const body = (await answer.json()) as { user: { orgUnitCode: string | null; roles: string[] }; temporaryPassword: string };
    expect(body.user.roles).toEqual(['operator']);
    expect(body.user.orgUnitCode).toBe('van-phong-ubnd-tinh');

    // The one-time password is on the screen once, with a copy button; the admin reads it off.
    const secret = page.getByTestId('one-time-secret');
    await secret.waitFor();
    const password = ((await secret.textContent()) ?? '').trim();
    expect(password).toBe(body.temporaryPassword);
    await page.getByRole('button', { name: 'Sao chép' }).waitFor();
    await shownAndSettled(page.getByRole('dialog').filter({ has: secret }));
    await screenshot(page, 'admin-user-created');
    await page.getByRole('button', { name: 'Tôi đã lưu, đóng lại' }).click();
    await secret.waitFor({ state: 'hidden' });
    const newRow = table.getByRole('row').filter({ hasText: OPERATOR });
    await newRow.getByText('Chờ đổi mật khẩu').waitFor();
    await newRow.getByText('Văn phòng Ủy ban nhân dân tỉnh Đồng Tháp').waitFor();
    expect(await newRow.getByText('Chưa lần nào').count()).toBe(1);

    // Editing sends the version back; the new e-mail address is saved.
    await newRow.getByRole('button', { name: 'Sửa' }).click();
    const editDialog = page.getByRole('dialog').filter({ hasText: `Sửa tài khoản ${OPERATOR}` });
    await editDialog.getByLabel('Thư điện tử').fill('lan.tran@example.vn');
    const patched = page.waitForResponse((r) => r.url().includes('/api/v1/users/') && r.request().method() === 'PATCH');
    await editDialog.getByRole('button', { name: 'Lưu' }).click();
    const patch = await patched;
    expect(patch.status()).toBe(200);
    expect(patch.request().postDataJSON()).toMatchObject({ version: 1, email: 'lan.tran@example.vn', roles: ['operator'], orgUnitCode: 'van-phong-ubnd-tinh', status: 'active' });
    await page.getByText('Đã lưu tài khoản.').waitFor();

    // The audit trail records the creation.
    await menu.getByRole('link', { name: 'Nhật ký hệ thống' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
    await page.getByLabel('Loại đối tượng').fill('user');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByTestId('audit-table').getByText('user.created').first().waitFor();
    await screenshot(page, 'admin-audit');

    // API tokens: issued with a scope, shown once, then revoked.
    await menu.getByRole('link', { name: 'Mã truy cập API' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mã truy cập API' }).waitFor();
    await page.getByRole('button', { name: 'Cấp mã truy cập' }).click();
    const tokenDialog = page.getByRole('dialog').filter({ hasText: 'Cấp mã truy cập' });
    await tokenDialog.getByLabel('Tên').fill('Tổng đài IP');
    await tokenDialog.getByText('calls:write').click();
    await tokenDialog.getByLabel('Giới hạn yêu cầu/phút').fill('120');
    await tokenDialog.getByRole('button', { name: 'Cấp mã', exact: true }).click();
    expect(((await secret.textContent()) ?? '').trim().length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Tôi đã lưu, đóng lại' }).click();
    const tokenRow = page.getByTestId('tokens-table').getByRole('row').filter({ hasText: 'Tổng đài IP' });
    await tokenRow.getByText('Đang dùng').waitFor();
    await tokenRow.getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByRole('button', { name: 'Đồng ý' }).click();
    await tokenRow.getByText('Đã thu hồi').waitFor();
    await screenshot(page, 'admin-tokens');

    // Deadline policy versions: the one in force is marked.
    await menu.getByRole('link', { name: 'Thời hạn xử lý' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thời hạn xử lý' }).waitFor();
    await page.getByTestId('deadline-policies-table').getByText('Đang áp dụng').waitFor();
    await screenshot(page, 'admin-deadlines');

    // The admin signs out.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${baseUrl}/login`);

    // The new operator signs in with the one-time password and must choose a new one first.
    await page.getByLabel('Tên đăng nhập').fill(OPERATOR);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByLabel('Mật khẩu').press('Enter');
    await page.waitForURL(`${baseUrl}/profile/password`);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await page.getByTestId('current-user').filter({ hasText: OPERATOR_NAME }).waitFor();
    await page.getByText('Bạn cần đổi mật khẩu').waitFor();
    await page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill(password);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(STAFF_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(STAFF_PASSWORD);
    const changed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    expect((await changed).status()).toBe(204);
    await page.getByText('Bạn cần đổi mật khẩu').waitFor({ state: 'detached' });

    // Their sessions page marks this browser.
    await page.goto(`${baseUrl}/profile/sessions`);
    await page.getByRole('heading', { level: 1, name: 'Phiên đăng nhập' }).waitFor();
    await page.getByTestId('this-device').waitFor();
    await screenshot(page, 'admin-operator-sessions');

    // A ticket filed for them shows its deadline in colour on its page …
    const ticket = await fileTicket(await staffSession(baseUrl, OPERATOR), '0912345678', 'Đèn đường ấp 1 hỏng hai tuần nay.');
    await page.goto(`${baseUrl}/tickets/${ticket.code}`);
    await page.getByTestId('ticket-deadline').getByTestId('deadline-tag').waitFor();
    expect(['onTime', 'dueSoon']).toContain(await page.getByTestId('deadline-tag').getAttribute('data-state'));
    await screenshot(page, 'admin-operator-ticket-deadline');

    // … and in the tickets console, whose overdue queue asks the server for overdue tickets only.
    await menu.getByRole('link', { name: 'Phiếu xử lý' }).click();
    await page.waitForURL(`${baseUrl}/tickets`);
    await page.getByRole('heading', { level: 1, name: 'Phiếu xử lý' }).waitFor();
    expect(await menu.getByText('Quản trị hệ thống').count()).toBe(0);
    await page.getByTestId('ticket-table').getByRole('row').filter({ hasText: ticket.code }).getByTestId('deadline-tag').waitFor();
    await screenshot(page, 'admin-new-operator-queue');
    const overdue = page.waitForResponse((r) => r.url().includes('/api/v1/tickets?') && r.url().includes('overdue=true'));
    await page.getByRole('tab', { name: 'Quá hạn' }).click();
    expect((await overdue).status()).toBe(200);
    await page.getByText('Không có phiếu nào.').waitFor();
    await screenshot(page, 'admin-new-operator-tickets');

    expect(errors).toEqual([]);
  }, 180_000);
});
