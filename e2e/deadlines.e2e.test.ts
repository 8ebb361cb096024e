// Journey 5: a ticket passes its deadline while the product's clock is moved on (a restart with
// the test-only TEST_CLOCK_OFFSET_MINUTES); the operator's overdue queue shows it in red, the
// supervision dashboard counts it, and the leaders' prolonged list names it with the reason.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, runTicketAction, journeyPage, launchBrowser, screenshot, startProduct, type RunningProduct } from './harness.ts';
import { act, adminSession, createStaff, enrolMfa, fileTicket, signInPage, staffSession, totpCode, type ApiSession, type TicketView } from './staff-helpers.ts';

/** Thirty calendar days on: every stage limit of the default policy has long passed. */
const MOVED_MINUTES = 30 * 24 * 60;
const MOVED_MS = MOVED_MINUTES * 60_000;

/** The local date (Vietnam) `days` after today on the product's moved clock, as typed in a date field. */
function movedDatePlus(days: number): string {
  const day = new Date(Date.now() + MOVED_MS + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

interface Deadline {
  deadline: { stage: string | null; overdue: boolean };
}

describe.skipIf(!hasChromium())('deadlines on a moved clock', () => {
  let product: RunningProduct;
  let browser: Browser;
  let late: TicketView;
  let answering: TicketView;
  let supervisorSecret: string;
  const contexts: BrowserContext[] = [];

  async function newPage(username: string, failureShot: string, otp?: () => string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const { page, errors } = await journeyPage(context, failureShot);
    await signInPage(page, product.baseUrl, username, undefined, otp);
    return { page, errors };
  }

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const admin = await adminSession(product);
    await createStaff(admin, 'op1', ['operator']);
    await createStaff(admin, 'lanhdao', ['leader']);
    await createStaff(admin, 'xd.focal', ['agency_focal'], 'so-xay-dung');
    await createStaff(admin, 'xd.staff', ['agency_staff'], 'so-xay-dung');
    await createStaff(admin, 'truongca', ['supervisor']);
    supervisorSecret = await enrolMfa(await staffSession(product.baseUrl, 'truongca'));
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

    // Timeliness for this month: Sở Xây dựng received one ticket, still open; then in English.
    await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo đúng hạn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tính đúng hạn theo cơ quan' }).waitFor();
    const agencyRow = page.getByTestId('timeliness-table').getByRole('row').filter({ hasText: 'Sở Xây dựng tỉnh Đồng Tháp' });
    await agencyRow.waitFor();
    expect(await agencyRow.getByRole('cell').nth(1).textContent()).toBe('1');
    await page.getByRole('radiogroup', { name: 'Ngôn ngữ' }).getByText('English').click();
    await page.getByRole('heading', { level: 1, name: 'Timeliness by agency' }).waitFor();
    await page.getByRole('columnheader', { name: 'Answered on time' }).waitFor();
    await screenshot(page, 'deadlines-timeliness-english');
    expect(errors).toEqual([]);
  }, 90_000);

  it('lets the late agency assign, report progress and ask for more time, and the supervisor grant it', async () => {
    const agency = await newPage('xd.focal', 'deadlines-agency-failed');
    const ag = agency.page;
    await ag.goto(`${product.baseUrl}/tickets/${answering.code}`);
    await ag.getByRole('heading', { level: 1, name: answering.code }).waitFor();

    // Assign from the agency's staff list.
    await runTicketAction(ag, 'Giao chuyên viên', async (dialog) => {
      await dialog.getByLabel('Chuyên viên xử lý').click();
      await ag.keyboard.type('xd.staff');
      await ag.getByTitle('xd.staff').waitFor();
      await ag.keyboard.press('Enter');
    });
    await ag.getByText('xd.staff').first().waitFor();

    // Late: a progress report with a committed date.
    await runTicketAction(ag, 'Báo cáo tiến độ', async (dialog) => {
      await dialog.getByLabel('Kết quả đã thực hiện').fill('Đã kiểm tra hiện trường, lập biên bản vi phạm; chờ chủ công trình khắc phục.');
      await dialog.getByLabel('Ngày cam kết hoàn thành').fill(movedDatePlus(10));
      await dialog.getByLabel('Ngày cam kết hoàn thành').press('Tab');
    });
    const extensionCard = ag.getByTestId('ticket-extension');
    await extensionCard.getByText('lập biên bản vi phạm').waitFor();
    await extensionCard.getByText(`Cam kết hoàn thành ngày ${movedDatePlus(10)}`).waitFor();

    // And, once, more time.
    await runTicketAction(ag, 'Đề nghị gia hạn', async (dialog) => {
      await dialog.getByLabel('Lý do đề nghị gia hạn').fill('Cần phối hợp với UBND phường để cưỡng chế tháo dỡ.');
      await dialog.getByLabel('Ngày đề xuất hoàn thành').fill(movedDatePlus(15));
      await dialog.getByLabel('Ngày đề xuất hoàn thành').press('Tab');
    });
    await expect.poll(() => extensionCard.getByTestId('extension-status').textContent()).toBe('Chờ quyết định');
    expect(await ag.getByRole('toolbar').getByRole('button', { name: 'Đề nghị gia hạn', exact: true }).count()).toBe(0);

    // The supervisor (two-factor, on the moved clock) approves it from the ticket page.
    const supervisor = await newPage('truongca', 'deadlines-supervisor-failed', () => totpCode(supervisorSecret, Date.now() + MOVED_MS));
    const sv = supervisor.page;
    // The dashboard shows the request waiting for a decision, and leads to the ticket.
    await sv.goto(`${product.baseUrl}/supervision`);
    await expect.poll(() => sv.getByTestId('extension-requests').textContent()).toBe('1');
    await sv.getByTestId('extension-table').getByRole('link', { name: answering.code }).click();
    await sv.getByRole('heading', { level: 1, name: answering.code }).waitFor();
    await runTicketAction(sv, 'Quyết định gia hạn', async (dialog) => {
      await dialog.getByText('Cần phối hợp với UBND phường').waitFor();
      await dialog.getByLabel('Ý kiến của trưởng ca').fill('Đồng ý, đề nghị hoàn thành đúng hạn mới.');
    });
    await expect.poll(() => sv.getByTestId('extension-status').textContent()).toBe('Đã đồng ý');
    await sv.getByText(/^Hạn trả lời mới$/).waitFor();
    // The new deadline lies ahead: no longer red.
    await expect.poll(() => sv.getByTestId('ticket-deadline').getByTestId('deadline-tag').getAttribute('data-state')).not.toBe('overdue');
    await screenshot(sv, 'deadlines-extension-approved');

    // The supervisor's bell: the extension request came in; the overdue alerts arrive while it is
    // open (the deadline alerts run every minute and the list refreshes live).
    await sv.getByTestId('notification-bell').click();
    const panel = sv.getByTestId('notifications-panel');
    await panel.getByTestId('notification').filter({ hasText: `Phiếu ${answering.code}: đơn vị xin gia hạn` }).waitFor();
    const alert = panel.getByTestId('notification').filter({ hasText: `Quá hạn: phiếu ${late.code}` });
    await alert.waitFor({ timeout: 100_000 });
    await alert.click();
    await sv.waitForURL(`${product.baseUrl}/tickets/${late.code}`);
    await sv.getByRole('heading', { level: 1, name: late.code }).waitFor();
    expect(agency.errors).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  }, 200_000);
});
