// Operator journeys: a call filed by keyboard alone, and a ticket's whole life from the
// operator console through the agency and back, ending with the citizen's rating.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, runTicketAction, launchBrowser, screenshot, startProduct, type RunningProduct, journeyPage } from './harness.ts';
import { adminSession, createStaff, fileTicket, signInPage, staffSession, type ApiSession } from './staff-helpers.ts';

declare global {
  interface Window {
    mouseEvents?: number;
  }
}

describe.skipIf(!hasChromium())('operator console', () => {
  let product: RunningProduct;
  let browser: Browser;
  let operatorApi: ApiSession;
  const contexts: BrowserContext[] = [];

  async function newPage(username: string, failureShot: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const { page, errors } = await journeyPage(context, failureShot);
    await signInPage(page, product.baseUrl, username);
    return { page, errors };
  }

  const statusOf = (page: Page) => page.getByTestId('status-tag').first();

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const admin = await adminSession(product);
    await createStaff(admin, 'op1', ['operator']);
    await createStaff(admin, 'xd.focal', ['agency_focal'], 'so-xay-dung');
    operatorApi = await staffSession(product.baseUrl, 'op1');
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('files a ticket from a call by keyboard alone, with the caller’s history on screen', async () => {
    // The caller rang before.
    const earlier = await fileTicket(operatorApi, '0918 111 222', 'Hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ.');
    const { page, errors } = await newPage('op1', 'operator-call-failed');
    await page.goto(`${product.baseUrl}/tickets`);
    await page.getByRole('heading', { level: 1, name: 'Phiếu xử lý' }).waitFor();
    await page.getByText('Alt+N').first().waitFor();
    await page.getByRole('link', { name: earlier.code }).waitFor();

    // From here on, no mouse: every press and click the mouse could make is counted.
    await page.evaluate(() => {
      window.mouseEvents = 0;
      for (const type of ['mousedown', 'mouseup', 'pointerdown']) window.addEventListener(type, () => (window.mouseEvents! += 1), true);
    });
    const started = Date.now();
    await page.keyboard.press('Alt+KeyN');
    await page.waitForURL(`${product.baseUrl}/tickets/new`);
    await page.getByText('Ctrl+Enter lưu phiếu').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.closest('[id^="call_"]')?.id ?? document.activeElement?.id);
    await expect.poll(focused).toBe('call_phone');

    await page.keyboard.type('0918111222');
    // The history of the number appears.
    const history = page.getByTestId('caller-history');
    await history.getByText('1 phiếu trước đây').waitFor();
    await history.getByText(earlier.code).waitFor();

    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('call_name');
    await page.keyboard.type('Trần Thị Bình');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('call_type');
    await page.keyboard.press('ArrowRight'); // Phản ánh → Kiến nghị
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('call_domainCode');
    await page.keyboard.type('xay dung');
    await page.getByTitle('Xây dựng – đô thị').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('call_content');
    await page.keyboard.type('Đề nghị sửa đèn chiếu sáng trên đường Lý Thường Kiệt, tối không có đèn, dễ xảy ra tai nạn.');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('call_address');
    await page.keyboard.type('Đường Lý Thường Kiệt, phường Cao Lãnh');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('call_priority');
    await page.keyboard.press('ArrowRight'); // Bình thường → Cao

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST');
    await page.keyboard.press('Control+Enter');
    const response = await created;
    expect(response.status()).toBe(201);
    const ticket = (await response.json()) as { code: string; type: string; domainCode: string; priority: string; contactId: string; interactionCount?: number };
    await page.waitForURL(`${product.baseUrl}/tickets/${ticket.code}`);
    await page.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    const elapsed = Date.now() - started;

    expect(ticket).toMatchObject({ type: 'petition', domainCode: 'construction', priority: 'high' });
    await page.getByTestId('ticket-content').getByText('đèn chiếu sáng').waitFor();
    await page.getByText('Xây dựng – đô thị').waitFor();
    await expect.poll(() => statusOf(page).textContent()).toBe('Mới');
    // The same caller, so the same contact as the earlier ticket.
    const first = await operatorApi.ok<{ contactId: string }>('GET', `/api/v1/tickets/${earlier.code}`);
    expect(ticket.contactId).toBe(first.contactId);
    expect(await page.evaluate(() => window.mouseEvents)).toBe(0);
    expect(elapsed).toBeLessThan(30_000);
    await screenshot(page, 'operator-call-filed');
    expect(errors).toEqual([]);
  }, 120_000);

  it('classifies and forwards; the agency accepts, drafts and submits; the operator approves and replies; the citizen rates 5 and it closes', async () => {
    const phone = '0912345678';
    const ticket = await fileTicket(operatorApi, phone, 'Đường Nguyễn Huệ, phường Cao Lãnh bị ngập nước sau mưa, xe máy không đi được.');
    const operator = await newPage('op1', 'operator-lifecycle-failed');
    const op = operator.page;

    // The operator finds it in the "Mới" queue and opens it.
    await op.goto(`${product.baseUrl}/tickets`);
    await op.getByRole('tab', { name: /Mới/ }).waitFor();
    await op.getByRole('link', { name: ticket.code }).click();
    await op.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await op.getByTestId('ticket-deadline').getByText('Tiếp nhận lúc').waitFor();

    await runTicketAction(op, 'Phân loại', async (dialog) => {
      await dialog.getByLabel('Lĩnh vực').click();
      await op.keyboard.type('xay dung');
      await op.getByTitle('Xây dựng – đô thị').waitFor();
      await op.keyboard.press('Enter');
    });
    await op.getByText('Xây dựng – đô thị').waitFor();
    await runTicketAction(op, 'Chuyển cơ quan', async (dialog) => {
      await dialog.getByLabel('Cơ quan chủ trì').click();
      await op.keyboard.type('so xay dung');
      await op.getByTitle('Sở Xây dựng tỉnh Đồng Tháp').waitFor();
      await op.keyboard.press('Enter');
      await dialog.getByLabel('Ghi chú').fill('Đề nghị Sở kiểm tra hệ thống thoát nước.');
    });
    await expect.poll(() => statusOf(op).textContent()).toBe('Đã chuyển cơ quan');
    await op.getByText('Sở Xây dựng tỉnh Đồng Tháp').waitFor();

    // The caller's details, masked until revealed with a reason (audited).
    const contact = op.getByTestId('contact-details');
    await contact.getByText('Nguyễn V** A*').waitFor();
    await op.getByRole('button', { name: 'Hiện thông tin' }).click();
    const reveal = op.getByRole('dialog', { name: 'Hiện thông tin người liên hệ' });
    await reveal.getByLabel('Lý do xem').fill('Gọi lại xác minh địa điểm ngập');
    await reveal.getByRole('button', { name: 'Hiện thông tin' }).click();
    await contact.getByText('Nguyễn Văn An').waitFor();
    await contact.getByText(/912345678/).waitFor();

    // A photo of the flooded street: uploaded, listed, previewed from the download URL.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const uploaded = op.waitForResponse((r) => r.url().endsWith(`/tickets/${ticket.code}/attachments`) && r.request().method() === 'POST');
    await op.getByTestId('attachment-input').setInputFiles({ name: 'duong-ngap.png', mimeType: 'image/png', buffer: png });
    expect((await uploaded).status()).toBe(201);
    const files = op.getByTestId('attachment-list');
    await files.getByText('duong-ngap.png').waitFor();
    await files.getByRole('button', { name: 'Xem' }).click();
    const preview = op.locator('.ant-image-preview img');
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toMatch(new RegExp(`/api/v1/tickets/${ticket.code}/attachments/[0-9a-f-]{36}$`));
    expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await op.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });

    // The operator waits on the console while the agency works.
    await op.goto(`${product.baseUrl}/tickets`);
    const reviewCount = op.getByTestId('queue-count-review').locator('sup');
    await expect.poll(() => reviewCount.getAttribute('title')).toBe('0');

    // The agency's focal point: inbox → accept → draft → submit.
    const agency = await newPage('xd.focal', 'agency-lifecycle-failed');
    const ag = agency.page;
    await ag.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Phiếu chuyển đến' }).click();
    await ag.getByRole('heading', { level: 1, name: 'Phiếu chuyển đến' }).waitFor();
    await ag.getByRole('link', { name: ticket.code }).click();
    await ag.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await runTicketAction(ag, 'Tiếp nhận xử lý');
    await expect.poll(() => statusOf(ag).textContent()).toBe('Đang xử lý');
    const answer = 'Sở Xây dựng đã yêu cầu nạo vét cống trên đường Nguyễn Huệ; hoàn thành trước 15/3.';
    await runTicketAction(ag, 'Soạn dự thảo', async (dialog) => {
      await dialog.getByLabel('Dự thảo trả lời').fill(answer);
    });
    await ag.getByTestId('ticket-answer').getByText('nạo vét cống').waitFor();
    await runTicketAction(ag, 'Gửi câu trả lời', async (dialog) => {
      expect(await dialog.getByLabel('Nội dung trả lời').inputValue()).toBe(answer);
    });
    await expect.poll(() => statusOf(ag).textContent()).toBe('Chờ duyệt trả lời');

    // The operator's counter moves by itself (server-sent events), then approve and reply.
    await expect.poll(() => reviewCount.getAttribute('title'), { timeout: 15_000 }).toBe('1');
    await op.getByRole('tab', { name: /Chờ duyệt/ }).click();
    await op.getByRole('link', { name: ticket.code }).click();
    await op.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await runTicketAction(op, 'Duyệt trả lời');
    await expect.poll(() => statusOf(op).textContent()).toBe('Đã trả lời');
    await runTicketAction(op, 'Phản hồi người dân');
    await op.getByText('Đã phản hồi người dân lúc').waitFor();

    // The citizen tracks the ticket with their phone number and rates the answer.
    const tracked = await fetch(`${product.baseUrl}/api/v1/public/tickets/${ticket.code}?phone=${phone}`);
    expect(tracked.status).toBe(200);
    const track = (await tracked.json()) as { status: string; canRate: boolean; answer: string };
    expect(track).toMatchObject({ status: 'answered', canRate: true });
    expect(track.answer).toContain('nạo vét');
    const rated = await fetch(`${product.baseUrl}/api/v1/public/tickets/${ticket.code}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, score: 5, comment: 'Cảm ơn, đường đã hết ngập.' }),
    });
    expect(rated.status).toBe(200);
    expect(await rated.json()).toMatchObject({ status: 'closed', satisfaction: 5 });

    // The open ticket page follows: closed, rated 5, and the rating in the history.
    await expect.poll(() => statusOf(op).textContent(), { timeout: 15_000 }).toBe('Đã đóng');
    await op.getByTestId('ticket-satisfaction').getByText('5/5 sao').waitFor();
    const timeline = op.getByTestId('ticket-timeline');
    await timeline.getByText('Người dân đánh giá').waitFor();
    expect(await timeline.locator('[data-visibility="internal"]').count()).toBeGreaterThan(0);
    expect(await timeline.locator('[data-visibility="public"]').count()).toBeGreaterThan(0);
    await op.getByRole('heading', { level: 1, name: ticket.code }).scrollIntoViewIfNeeded();
    await screenshot(op, 'operator-ticket-closed');
    expect(operator.errors).toEqual([]);
    expect(agency.errors).toEqual([]);
    // The lifecycle, in order.
    const events = (await operatorApi.ok<{ events: { action: string }[] }>('GET', `/api/v1/tickets/${ticket.code}`)).events.map((e) => e.action);
    expect(events).toEqual(['created', 'classify', 'forward', 'attachment-added', 'accept', 'draft-answer', 'submit-answer', 'approve', 'reply', 'rate']);
  }, 180_000);
});
