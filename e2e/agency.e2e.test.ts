// Agency journeys: a ticket returned as not theirs goes back to the operators' "Bị trả lại"
// queue and is forwarded again; another agency's ticket is not even shown.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot, startProduct, type RunningProduct, journeyPage } from './harness.ts';
import { act, adminSession, createStaff, fileTicket, signInPage, staffSession, type ApiSession } from './staff-helpers.ts';

describe.skipIf(!hasChromium())('agency inbox', () => {
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
    await createStaff(admin, 'yt.focal', ['agency_focal'], 'so-y-te');
    await createStaff(admin, 'yt.staff', ['agency_staff'], 'so-y-te');
    operatorApi = await staffSession(product.baseUrl, 'op1');
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('returns a ticket that is not the agency’s; it reaches the operators’ “Bị trả lại” queue and is forwarded again', async () => {
    const ticket = await fileTicket(operatorApi, '0987 654 321', 'Vỉa hè đường 30/4 bị lấn chiếm, người đi bộ phải đi xuống lòng đường.');
    await act(operatorApi, ticket.code, 'forward', { leadAgencyCode: 'so-y-te' });

    // Sở Y tế's focal point finds it in the inbox and returns it.
    const agency = await newPage('yt.focal', 'agency-return-failed');
    const ag = agency.page;
    await ag.goto(`${product.baseUrl}/agency/inbox`);
    await ag.getByRole('heading', { level: 1, name: 'Phiếu chuyển đến' }).waitFor();
    await ag.getByTestId('agency-inbox-table').getByRole('link', { name: ticket.code }).click();
    await ag.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await ag.getByRole('toolbar').getByRole('button', { name: 'Trả lại', exact: true }).click();
    const dialog = ag.getByRole('dialog', { name: 'Trả lại' });
    await dialog.getByLabel('Lý do trả lại').fill('Nội dung thuộc lĩnh vực xây dựng, đô thị; không phải y tế.');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => statusOf(ag).textContent()).toBe('Bị trả lại');

    // The operator's "Bị trả lại" queue has it.
    const operator = await newPage('op1', 'agency-reforward-failed');
    const op = operator.page;
    await op.goto(`${product.baseUrl}/tickets`);
    await expect.poll(() => op.getByTestId('queue-count-returned').locator('sup').getAttribute('title')).toBe('1');
    await op.getByRole('tab', { name: /Bị trả lại/ }).click();
    await op.getByRole('link', { name: ticket.code }).click();
    await op.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await expect.poll(() => statusOf(op).textContent()).toBe('Bị trả lại');
    await op.getByTestId('ticket-timeline').getByText('không phải y tế').waitFor();

    // Forwarded again, this time to Sở Xây dựng.
    await op.getByRole('toolbar').getByRole('button', { name: 'Chuyển cơ quan', exact: true }).click();
    const forward = op.getByRole('dialog', { name: 'Chuyển cơ quan' });
    await forward.getByLabel('Cơ quan chủ trì').click();
    await op.keyboard.type('so xay dung');
    await op.getByTitle('Sở Xây dựng tỉnh Đồng Tháp').waitFor();
    await op.keyboard.press('Enter');
    await forward.getByRole('button', { name: 'Xác nhận' }).click();
    await forward.waitFor({ state: 'hidden' });
    await expect.poll(() => statusOf(op).textContent()).toBe('Đã chuyển cơ quan');
    await op.getByText('Sở Xây dựng tỉnh Đồng Tháp').first().waitFor();
    // The returned queue is empty again.
    await op.goto(`${product.baseUrl}/tickets`);
    await expect.poll(() => op.getByTestId('queue-count-returned').locator('sup').getAttribute('title')).toBe('0');
    await op.goto(`${product.baseUrl}/tickets/${ticket.code}`);
    await op.getByRole('heading', { level: 1, name: ticket.code }).waitFor();
    await screenshot(op, 'agency-returned-reforwarded');
    expect(agency.errors).toEqual([]);
    expect(operator.errors).toEqual([]);
  }, 120_000);

  it('shows a Sở Y tế user a not-found page for a Sở Xây dựng ticket', async () => {
    const ticket = await fileTicket(operatorApi, '0903 222 333', 'Công trình xây dựng không che chắn, bụi bay sang nhà dân.');
    await act(operatorApi, ticket.code, 'forward', { leadAgencyCode: 'so-xay-dung' });

    const staff = await newPage('yt.staff', 'agency-not-found-failed');
    const page = staff.page;
    await page.goto(`${product.baseUrl}/tickets/${ticket.code}`);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    expect(await page.getByText(ticket.code).count()).toBe(0);
    expect(await page.getByText('bụi bay').count()).toBe(0);
    await screenshot(page, 'agency-other-ticket-not-found');
    // The agency's own lists do not show it either.
    await page.goto(`${product.baseUrl}/agency/assigned`);
    await page.getByRole('heading', { level: 1, name: 'Phiếu được giao' }).waitFor();
    await page.getByText('Không có phiếu nào.').waitFor();
    expect(await page.getByText(ticket.code).count()).toBe(0);
    // 404 from the API is expected here; nothing else went wrong.
    expect(staff.errors).toEqual([]);
  }, 60_000);
});
