/**
 * The local lab key reaches the page only through the address `npm start` prints (`/#t=…`): the
 * page keeps it and removes it from the address bar; a page opened without it cannot run labs
 * and says where the key is.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, openPage, startSite, type Site } from './harness.ts';

const CHAPTER = '/01-what-are-microservices/';

describeBrowser('the local lab key', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    site = await startSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('the printed address gives this browser the key and leaves no trace of it in the address bar', async () => {
    const { page, context } = await openPage(browser, site);
    expect(page.url()).toBe(`${site.url}/`);
    await page.goto(site.url + CHAPTER);
    await page.locator('lab-workbench').scrollIntoViewIfNeeded();
    await page.waitForSelector('lab-workbench[data-ready="true"][data-runtime="local"]', { timeout: 60_000 });
    await context.close();
  }, 90_000);

  test('without the key the lab says to open the address npm start printed', async () => {
    const { page, context } = await openPage(browser, site, { withKey: false });
    // A learner without internet: WebContainer is skipped at once (it would otherwise be tried, and
    // waited for, as the fallback), so the page has no runtime and must say where the key is.
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false }));
    await page.goto(site.url + CHAPTER);
    await page.locator('lab-workbench').scrollIntoViewIfNeeded();
    await page.locator('lab-workbench').click();
    await expect.poll(() => page.locator('lab-workbench').textContent(), { timeout: 60_000, interval: 200 }).toContain('#t=');
    expect(await page.evaluate(() => localStorage.getItem('mslab:token'))).toBeNull();
    await context.close();
  }, 90_000);
});
