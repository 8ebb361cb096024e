// Journey: on a phone-sized screen (360 × 740), a citizen with no account opens the public
// portal, sends feedback with a photo (filling the form by its labels, ticking the consent),
// gets a ticket code and the date an answer is due, then tracks the ticket by code and phone.
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot, startProduct, type RunningProduct, journeyPage } from './harness.ts';

/** A 1 × 1 PNG: what a phone's camera would send, only smaller. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PHONE = '0912 345 678';
const CODE = /^1022-\d{4}-\d{6}$/;

/** No horizontal scrolling on a 360 px wide screen. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe.skipIf(!hasChromium())('the citizen portal', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('lets a citizen send feedback on a phone and track it by code and phone, without signing in', async () => {
    const { page, errors: pageErrors } = await journeyPage(context, 'citizen-failed');
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));

    // Home: what 1022 is, and the two ways in.
    await page.goto(`${product.baseUrl}/cong-dan`);
    await page.getByRole('heading', { level: 1, name: 'Tổng đài 1022' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('button', { name: 'Gửi phản ánh / câu hỏi' }).waitFor();
    await page.getByRole('button', { name: 'Tra cứu' }).waitFor();
    await expectNoHorizontalScroll(page);

    // What 1022 does not handle, with the guidance from the API.
    await page.getByRole('navigation', { name: 'Cổng người dân' }).getByRole('link', { name: 'Phạm vi tiếp nhận' }).click();
    await page.waitForURL(`${product.baseUrl}/cong-dan/pham-vi`);
    await page.getByRole('heading', { level: 2, name: '1022 không tiếp nhận' }).waitFor();
    const outOfScope = (await (await page.request.get(`${product.baseUrl}/api/v1/public/out-of-scope`)).json()) as { items: { name: string; guidance: string }[] };
    expect(outOfScope.items.length).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 3, name: outOfScope.items[0]!.name }).waitFor();
    await page.getByText(outOfScope.items[0]!.guidance).waitFor();
    await expectNoHorizontalScroll(page);

    // The form, filled by its labels.
    await page.goto(`${product.baseUrl}/cong-dan/gui`);
    await page.getByRole('heading', { level: 1, name: 'Gửi phản ánh, kiến nghị, câu hỏi' }).waitFor();
    await expectNoHorizontalScroll(page);

    // Sending without consent is refused on the page.
    const submitButton = page.getByRole('button', { name: 'Gửi', exact: true });
    await submitButton.click();
    await page.getByText('Vui lòng nhập họ và tên.').waitFor();
    await page.getByText('Bạn cần đồng ý để gửi phản ánh.').waitFor();

    await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await page.getByLabel('Số điện thoại').fill(PHONE);
    await page.getByLabel('Thư điện tử (không bắt buộc)').fill('an.nguyen@example.vn');
    await page.getByRole('radiogroup', { name: 'Loại' }).getByText('Hỏi đáp').click();
    // antd's visible options carry the label as their title (the role=option ones are for screen readers).
    const option = (label: string) => page.locator(`.ant-select-dropdown .ant-select-item-option[title="${label}"]`);
    await page.getByLabel('Lĩnh vực').click();
    await option('Đất đai').click();
    // The commune list is searched without accents, as people type on a phone.
    await page.getByLabel('Xã, phường').fill('tan hong');
    await option('Xã Tân Hồng').click();
    await page.getByLabel('Địa chỉ, nơi xảy ra sự việc').fill('Quốc lộ 30, ấp 1');
    await page.getByLabel('Nội dung', { exact: true }).fill('Đèn đường trên Quốc lộ 30 đoạn qua ấp 1 bị hỏng đã hai tuần, buổi tối rất tối và nguy hiểm.');
    await page.getByLabel('Ảnh chụp, tệp đính kèm').setInputFiles({ name: 'den-duong.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('den-duong.png').waitFor();
    // The consent text is shown in full before the box.
    await page.getByText('Nghị định số 13/2023/NĐ-CP', { exact: false }).waitFor();
    // antd draws the checkbox over a zero-size input: click the visible label, as a user does.
    await page.getByText('Tôi đã đọc và đồng ý với nội dung trên').click();
    expect(await page.getByRole('checkbox', { name: 'Tôi đã đọc và đồng ý với nội dung trên' }).isChecked()).toBe(true);
    await expectNoHorizontalScroll(page);

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/public/tickets') && r.request().method() === 'POST');
    const uploaded = page.waitForResponse((r) => /\/api\/v1\/public\/tickets\/[^/]+\/attachments$/.test(r.url()) && r.request().method() === 'POST');
    await submitButton.click();
    const response = await created;
    expect(response.status()).toBe(201);
    const receipt = (await response.json()) as { code: string; createdAt: string };
    expect(receipt.code).toMatch(CODE);
    const sent = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({ name: 'Nguyễn Văn An', type: 'question', domainCode: expect.any(String), communeCode: 'xa-tan-hong', publicConsent: false, consent: true });
    const key = response.request().headers()['idempotency-key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect((await uploaded).status()).toBe(201);

    // The receipt: the code, big, with a copy button, and the date an answer is due.
    await page.getByRole('heading', { level: 1, name: 'Đã gửi thành công' }).waitFor();
    const code = page.getByTestId('ticket-code');
    expect((await code.textContent())?.trim()).toBe(receipt.code);
    await page.getByRole('button', { name: 'Sao chép mã' }).waitFor();
    const due = page.getByTestId('due-date');
    await due.waitFor();
    expect(await due.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await page.getByText('10 ngày làm việc', { exact: false }).waitFor();
    await page.getByText('Đã gửi 1 tệp đính kèm.').waitFor();
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'citizen-receipt-360');

    // The same key sent again (a retry) makes no second ticket.
    const replay = await page.request.post(`${product.baseUrl}/api/v1/public/tickets`, {
      headers: { 'idempotency-key': key!, 'content-type': 'application/json' },
      data: response.request().postData() ?? '',
    });
    expect(replay.status()).toBe(200);
    expect(((await replay.json()) as { code: string }).code).toBe(receipt.code);

    // Tracking by code and phone.
    await page.goto(`${product.baseUrl}/cong-dan/tra-cuu`);
    await page.getByRole('heading', { level: 1, name: 'Tra cứu phản ánh' }).waitFor();
    await page.getByLabel('Mã phiếu').fill(receipt.code);
    // A wrong phone number is refused with the server's Vietnamese message.
    await page.getByLabel('Số điện thoại').fill('0987 654 321');
    const refused = page.waitForResponse((r) => r.url().includes(`/api/v1/public/tickets/${receipt.code}?`));
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const refusedResponse = await refused;
    expect(refusedResponse.status()).toBe(404);
    const problem = (await refusedResponse.json()) as { title: string };
    await page.getByRole('alert').filter({ hasText: problem.title }).waitFor();

    await page.getByLabel('Số điện thoại').fill(PHONE);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByTestId('ticket-status').filter({ hasText: 'Mới tiếp nhận' }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Kết quả tra cứu: ${receipt.code}` }).waitFor();
    await page.getByText('Chưa có câu trả lời.').waitFor();
    await page.getByText('Tiếp nhận phản ánh').waitFor();
    await page.getByText('Gửi tệp đính kèm').waitFor();
    // Nothing to rate or reopen yet.
    expect(await page.getByRole('button', { name: 'Gửi đánh giá' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Chưa hài lòng — mở lại' }).count()).toBe(0);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'citizen-track-360');

    // The portal never asks who is signed in, and it made exactly one ticket.
    expect(requests.filter((r) => r.url().includes('/api/v1/auth/'))).toEqual([]);
    expect(requests.filter((r) => r.url().endsWith('/api/v1/public/tickets') && r.method() === 'POST')).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
