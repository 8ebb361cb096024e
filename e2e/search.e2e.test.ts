// A word search that stops at its time budget, seen by an operator: the console says the
// results may be incomplete and offers to search every ticket. Only PostgreSQL can stop a
// running search, so the product runs on a database of its own there (TEST_DATABASE_URL).
import type { Browser, BrowserContext } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl } from '../src/test/test-env.ts';
import { hasChromium, journeyPage, launchBrowser, screenshot, startProduct, type RunningProduct } from './harness.ts';
import { adminSession, createStaff, fileTicket, signInPage, staffSession } from './staff-helpers.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const database = `t1022_e2e_search_${process.pid}`;
const urlOf = (name: string) => databaseUrl(adminUrl!, name);

// vn_norm, which every search calls on its words, made to sleep for these words: the full-text
// query then outlasts the 100 ms budget on any machine.
const SLOW_WORDS = 'cống thoát';
const vnNorm = (sleep: string) => `CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent_immutable('public.unaccent'::regdictionary, input)) FROM pg_sleep(${sleep}) $$`;

describe.skipIf(!hasChromium() || !adminUrl)('word search time budget in the operator console (PostgreSQL)', () => {
  let product: RunningProduct;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const codes: string[] = [];

  const sql = async (url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await sql(adminUrl!, `CREATE DATABASE ${database}`);
    product = await startProduct({ env: { DATABASE_URL: urlOf(database), SEARCH_BUDGET_MS: '100' } });
    browser = await launchBrowser();
    const admin = await adminSession(product);
    await createStaff(admin, 'op1', ['operator']);
    const operator = await staffSession(product.baseUrl, 'op1');
    for (const [i, content] of ['Cống thoát nước trước chợ bị tắc, nước tràn vào nhà dân.', 'Hỏi thủ tục đăng ký kinh doanh hộ cá thể.', 'Cống thoát nước khu dân cư số 3 bốc mùi.'].entries()) {
      codes.push((await fileTicket(operator, `0918 222 33${i}`, content)).code);
    }
    await sql(urlOf(database), vnNorm(`CASE WHEN input = '${SLOW_WORDS}' THEN 0.5 ELSE 0 END`));
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
    if (adminUrl) await sql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('says a slow search may be incomplete, shows the newest matches found, and searches every ticket when asked', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const { page, errors } = await journeyPage(context, 'search-budget-failed');
    await signInPage(page, product.baseUrl, 'op1');
    await page.goto(`${product.baseUrl}/tickets`);
    await page.getByRole('heading', { level: 1, name: 'Phiếu xử lý' }).waitFor();

    await page.getByRole('searchbox', { name: 'Tìm phiếu' }).fill(SLOW_WORDS);
    await page.getByRole('searchbox', { name: 'Tìm phiếu' }).press('Enter');
    const notice = page.getByTestId('search-incomplete');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('Tìm kiếm đã dừng vì quá lâu');
    // The newest tickets were read first and hold both matches, newest first.
    const table = page.getByTestId('ticket-table');
    await expect(table.getByRole('link').allTextContents()).resolves.toEqual([codes[2], codes[0]]);
    await screenshot(page, 'search-budget-incomplete');

    await notice.getByRole('button', { name: /Tìm trong toàn bộ phiếu/ }).click();
    await notice.waitFor({ state: 'detached' });
    // The whole search takes its time (the window and the index each sleep 0.5 s here), then answers in full, without the notice.
    await table.getByRole('link', { name: codes[2] }).waitFor();
    await expect(table.getByRole('link').allTextContents()).resolves.toEqual([codes[2], codes[0]]);
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
