// Journey 5: a ticket passes its deadline while the product's clock is moved on (a restart with
// the test-only TEST_CLOCK_OFFSET_MINUTES); the operator's overdue queue shows it in red, the
// supervision dashboard counts it, and the leaders' prolonged list names it with the reason.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, journeyPage, launchBrowser, screenshot, startProduct, type RunningProduct } from './harness.ts';
import { act, adminSession, createStaff, fileTicket, signInPage, staffSession, type ApiSession, type TicketView } from './staff-helpers.ts';

/** Thirty calendar days on: every stage limit of the default policy has long passed. */
const MOVED_MINUTES = 30 * 24 * 60;

interface Deadline {
  deadline: { stage: string | null; overdue: boolean };
}

describe.skipIf(!hasChromium())('deadlines on a moved clock', () => {
  let product: RunningProduct;
  let browser: Browser;
  let late: TicketView;
  let answering: TicketView;
  const contexts: BrowserContext[] = [];

  async function newPage(username: string, failureShot: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const { page, errors } = await journeyPage(context, failureShot);
    await signInPage(page, product.baseUrl, username);
    return { page, errors };
  }

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const admin = await adminSession(product);
    await createStaff(admin, 'op1', ['operator']);
    await createStaff(admin, 'lanhdao', ['leader']);
    await createStaff(admin, 'xd.focal', ['agency_focal'], 'so-xay-dung');
    const operator: ApiSession = await staffSession(product.baseUrl, 'op1');
    late = await fileTicket(operator, '0977 300 400', 'Đèn đường khu dân cư số 3 phường Mỹ Phú tắt cả tháng nay, ban đêm rất tối.');
    answering = await fileTicket(operator, '0977 300 401', 'Công trình xây dựng trên đường Lê Lợi lấn chiếm vỉa hè, đề nghị kiểm tra.');
    await act(operator, answering.code, 'forward', { leadAgencyCode: 'so-xay-dung' });
    await act(await staffSession(product.baseUrl, 'xd.focal'), answering.code, 'accept');
    // Filed just now: nothing is overdue yet.
    const fresh = await operator.ok<Deadline>('GET', `/api/v1/tickets/${late.code}`);
    expect(fresh.deadline).toMatchObject({ stage: 'triage', overdue: false });

    // The clock moves thirty days on.
    await product.restart({ NODE_ENV: 'test', TEST_CLOCK_OFFSET_MINUTES: String(MOVED_MINUTES) });
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
  }, 30_000);

  it('shows the overdue ticket in red in the operator’s overdue queue', async () => {
    const { page, errors } = await newPage('op1', 'deadlines-operator-failed');
    await page.goto(`${product.baseUrl}/tickets`);
    await page.getByRole('heading', { level: 1, name: 'Phiếu xử lý' }).waitFor();
    await page.getByRole('tab', { name: /Quá hạn/ }).click();
    const row = page.getByTestId('ticket-table').getByRole('row').filter({ hasText: late.code });
    await row.waitFor();
    const tag = row.getByTestId('deadline-tag');
    expect(await tag.getAttribute('data-state')).toBe('overdue');
    await expect.poll(() => tag.textContent()).toMatch(/^Quá hạn /);
    // Red, as the colour scale says.
    expect(await tag.evaluate((el) => el.className)).toContain('red');
    // The agency's ticket, late in the answer stage, is in the same queue.
    await page.getByTestId('ticket-table').getByRole('row').filter({ hasText: answering.code }).waitFor();

    await row.getByRole('link', { name: late.code }).click();
    await page.getByRole('heading', { level: 1, name: late.code }).waitFor();
    expect(await page.getByTestId('ticket-deadline').getByTestId('deadline-tag').getAttribute('data-state')).toBe('overdue');
    await screenshot(page, 'deadlines-operator-overdue');
    expect(errors).toEqual([]);
  }, 90_000);

  it('counts it on the dashboard and lists it, with the reason, in the leader’s prolonged list', async () => {
    const { page, errors } = await newPage('lanhdao', 'deadlines-leader-failed');
    await page.goto(`${product.baseUrl}/supervision`);
    await page.getByRole('heading', { level: 1, name: 'Giám sát ca trực' }).waitFor();
    await expect.poll(() => page.getByTestId('overdue-total').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('overdue-new').textContent()).toBe('Quá hạn: 1');
    await expect.poll(() => page.getByTestId('overdue-in_progress').textContent()).toBe('Quá hạn: 1');
    await page.getByTestId('overdue-table').getByRole('link', { name: late.code }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Phiếu kéo dài' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phiếu kéo dài' }).waitFor();
    const row = page.getByTestId('prolonged-table').getByRole('row').filter({ hasText: late.code });
    await row.waitFor();
    await row.getByText(/^Quá hạn [\d,]+ ngày làm việc \(bước Tổng đài phân loại, hạn \d\d\/\d\d\/\d{4}\)$/).waitFor();
    await page.getByTestId('prolonged-table').getByRole('row').filter({ hasText: answering.code }).getByText(/bước Cơ quan trả lời/).waitFor();
    await screenshot(page, 'deadlines-prolonged-list');
    expect(errors).toEqual([]);
  }, 90_000);
});
