// Administering the organization in the browser: a routing rule, the org unit tree (head and focal
// points), a new domain, a day off in the calendar; then the operator's forward dialog ranks the
// rule's agency first, with its reason, and forwards there in one click.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, journeyPage, launchBrowser, screenshot, startProduct, type RunningProduct } from './harness.ts';
import { ADMIN_PASSWORD, ApiSession, createStaff, fileTicket, signInPage, staffSession, totpCode } from './staff-helpers.ts';

const WATER = 'Công ty Cổ phần Cấp nước và Môi trường đô thị Đồng Tháp';

describe.skipIf(!hasChromium())('administering the organization', () => {
  let product: RunningProduct;
  let browser: Browser;
  let recoveryCodes: string[];
  const contexts: BrowserContext[] = [];

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    return context;
  }

  /** Picks an option of the select labelled `label` inside `scope` by typing (accents optional). */
  async function choose(page: Page, scope: ReturnType<Page['getByRole']>, label: string, typed: string, title: string) {
    await scope.getByLabel(label).click();
    await page.keyboard.type(typed);
    await page.getByTitle(title, { exact: true }).waitFor();
    await page.keyboard.press('Enter');
  }

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const admin = new ApiSession(product.baseUrl);
    await admin.login('admin', product.adminPassword);
    await admin.ok('POST', '/api/v1/auth/password', { currentPassword: product.adminPassword, newPassword: ADMIN_PASSWORD });
    await admin.login('admin', ADMIN_PASSWORD);
    const { secret } = await admin.ok<{ secret: string }>('POST', '/api/v1/auth/mfa/setup');
    ({ recoveryCodes } = await admin.ok<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/mfa/confirm', { otp: totpCode(secret) }));
    await createStaff(admin, 'op1', ['operator']);
    await createStaff(admin, 'xd.focal', ['agency_focal'], 'so-xay-dung');
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('adds a routing rule, names a head and a focal point, adds a domain and a day off', async () => {
    const { page, errors } = await journeyPage(await newContext(), 'organization-admin-failed');
    // The admin signs in with a recovery code as the second factor.
    await signInPage(page, product.baseUrl, 'admin', ADMIN_PASSWORD, () => recoveryCodes[0]!);
    const menu = page.getByRole('navigation', { name: 'Menu chính' });

    // Routing rules: water supply goes to the water company, at priority 10.
    await menu.getByRole('link', { name: 'Quy tắc chuyển phiếu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quy tắc chuyển phiếu' }).waitFor();
    await page.getByText('Chưa có quy tắc nào.').waitFor();
    await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
    const rule = page.getByRole('dialog', { name: 'Thêm quy tắc' });
    await choose(page, rule, 'Lĩnh vực', 'cap nuoc', 'Cấp nước');
    await choose(page, rule, 'Cơ quan chủ trì', 'cap nuoc va moi truong', WATER);
    await rule.getByLabel('Mức ưu tiên').fill('10');
    await rule.getByRole('button', { name: 'Thêm quy tắc' }).click();
    await rule.waitFor({ state: 'hidden' });
    const ruleRow = page.getByTestId('routing-rules-table').getByRole('row').filter({ hasText: WATER });
    await ruleRow.getByText('Cấp nước', { exact: true }).waitFor();
    await ruleRow.getByText('Đang áp dụng').waitFor();

    // Org units: the tree, a search, the head of Sở Xây dựng and its focal point.
    await menu.getByRole('link', { name: 'Cơ quan, đơn vị' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
    await page.getByTestId('org-units-table').getByText('Ủy ban nhân dân tỉnh Đồng Tháp', { exact: true }).waitFor();
    await page.getByLabel('Tìm đơn vị').fill('so xay dung');
    await page.getByLabel('Tìm đơn vị').press('Enter');
    const unitRow = page.getByTestId('org-units-table').getByRole('row').filter({ hasText: 'so-xay-dung' });
    await unitRow.getByRole('button', { name: 'Sửa' }).click();
    const edit = page.getByRole('dialog', { name: 'Sửa: Sở Xây dựng tỉnh Đồng Tháp' });
    await edit.getByLabel('Họ tên thủ trưởng').fill('Nguyễn Văn Bình');
    await edit.getByLabel('Chức vụ').fill('Giám đốc');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await edit.waitFor({ state: 'hidden' });
    await unitRow.getByText('Nguyễn Văn Bình').waitFor();
    await unitRow.getByRole('button', { name: 'Thao tác khác với Sở Xây dựng tỉnh Đồng Tháp' }).click();
    await page.getByRole('menuitem', { name: 'Chỉ định đầu mối' }).click();
    const focal = page.getByRole('dialog', { name: 'Đầu mối tiếp nhận: Sở Xây dựng tỉnh Đồng Tháp' });
    await choose(page, focal, 'Đầu mối tiếp nhận', 'xd.focal', 'xd.focal (xd.focal)');
    await focal.getByRole('button', { name: 'Lưu' }).click();
    await focal.waitFor({ state: 'hidden' });
    await unitRow.getByText('xd.focal', { exact: true }).waitFor();

    // Domains: a new one, with a keyword.
    await menu.getByRole('link', { name: 'Lĩnh vực' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lĩnh vực' }).waitFor();
    await page.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
    const domain = page.getByRole('dialog', { name: 'Thêm lĩnh vực' });
    await domain.getByLabel('Mã lĩnh vực').fill('du-lich-cong-dong');
    await domain.getByLabel('Tên lĩnh vực').fill('Du lịch cộng đồng');
    await domain.getByLabel('Tên tiếng Anh').fill('Community tourism');
    await domain.getByLabel('Từ khóa').fill('homestay');
    await domain.getByLabel('Từ khóa').press('Enter');
    await domain.getByRole('button', { name: 'Lưu' }).click();
    await domain.waitFor({ state: 'hidden' });
    const domainRow = page.getByTestId('domains-table').getByRole('row').filter({ hasText: 'du-lich-cong-dong' });
    await domainRow.getByText('homestay').waitFor();

    // Calendar: a day off in 2030, then removed again.
    await menu.getByRole('link', { name: 'Lịch làm việc' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lịch làm việc' }).waitFor();
    await page.getByRole('spinbutton', { name: 'Năm' }).fill('2030');
    await page.getByTestId('calendar-table').getByText('Tết Nguyên đán', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: 'Thêm ngày' }).click();
    const day = page.getByRole('dialog', { name: 'Thêm ngày' });
    await day.getByLabel('Ngày', { exact: true }).fill('03/05/2030');
    await day.getByLabel('Ngày', { exact: true }).press('Tab');
    await day.getByLabel('Tên', { exact: true }).fill('Nghỉ bù thử nghiệm');
    await day.getByLabel('Căn cứ').fill('Thông báo số 1/TB-UBND');
    await day.getByRole('button', { name: 'Lưu' }).click();
    await day.waitFor({ state: 'hidden' });
    const dayRow = page.getByTestId('calendar-table').getByRole('row').filter({ hasText: 'Nghỉ bù thử nghiệm' });
    await dayRow.getByText('thứ sáu, 03/05/2030').waitFor();
    await screenshot(page, 'organization-calendar');
    await dayRow.getByRole('button', { name: 'Xóa thứ sáu, 03/05/2030' }).click();
    await page.getByRole('button', { name: 'Đồng ý' }).click();
    await expect.poll(() => page.getByTestId('calendar-table').getByText('Nghỉ bù thử nghiệm').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 150_000);

  it('ranks the rule’s agency first in the forward dialog, with its reason, and forwards there', async () => {
    const operator = await staffSession(product.baseUrl, 'op1');
    const ticket = await fileTicket(operator, '0912 345 678', 'Nước máy khu phố 2 có màu vàng và mùi lạ từ ba ngày nay.', { domainCode: 'water_supply' });
    const { page, errors } = await journeyPage(await newContext(), 'organization-forward-failed');
    await signInPage(page, product.baseUrl, 'op1');
    await page.goto(`${product.baseUrl}/tickets/${ticket.code}`);
    await page.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await page.getByRole('toolbar').getByRole('button', { name: 'Chuyển cơ quan', exact: true }).click();
    const forward = page.getByRole('dialog', { name: 'Chuyển cơ quan' });
    const first = forward.getByTestId('routing-suggestion').first();
    await first.getByText(WATER, { exact: true }).waitFor();
    expect(await first.textContent()).toMatch(/quy tắc/i);
    await first.getByRole('button', { name: `Chọn ${WATER}` }).click();
    await first.getByRole('button', { name: `Chọn ${WATER}` }).getByText('Đã chọn').waitFor();
    await screenshot(page, 'organization-forward-suggestions');
    await forward.getByRole('button', { name: 'Xác nhận' }).click();
    await forward.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('status-tag').first().textContent()).toBe('Đã chuyển cơ quan');
    await page.getByText(WATER).first().waitFor();
    await screenshot(page, 'organization-forwarded-by-rule');
    const view = await operator.ok<{ leadAgencyCode: string }>('GET', `/api/v1/tickets/${ticket.code}`);
    expect(view.leadAgencyCode).toBe('cap-nuoc-dong-thap');
    expect(errors).toEqual([]);
  }, 90_000);

  it('answers an agency’s link without a login, and says plainly when the link is not valid', async () => {
    const { page } = await journeyPage(await newContext(), 'organization-agency-link-failed');
    await page.goto(`${product.baseUrl}/tra-loi/khong-phai-lien-ket-that`);
    await page.getByRole('heading', { level: 1, name: 'Liên kết trả lời không hợp lệ.' }).waitFor();
    await page.getByText('Hãy liên hệ Tổng đài 1022 để được gửi đường dẫn mới.').waitFor();
    // Public: no sign-in form, no staff menu.
    expect(await page.getByLabel('Tên đăng nhập').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Menu chính' }).count()).toBe(0);
    await screenshot(page, 'organization-agency-link-invalid');
  }, 60_000);
});
