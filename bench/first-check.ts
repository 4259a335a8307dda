/**
 * The first Check under `npm start`, in Chromium: each run opens a fresh browser context at the
 * address `npm start` prints (the page keeps the lab key), opens chapter 1, waits until the
 * workbench picked its runtime (the local host first: the page has the key), clicks Check and
 * times it until the total shows, then a second Check. A page that tried WebContainer first
 * waited for its 4 s boot timeout here (4.2 s measured before; issue 9).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildIfNeeded } from '../scripts/start.ts';
import { PROJECT_ROOT } from '../src/hosts/node/lab-repo.ts';
import { startSiteServer } from '../src/hosts/local/site-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface FirstCheck {
  runtimes: string[];
  /** Per run: from opening the chapter until the workbench picked its runtime. */
  readyMs: number[];
  /** Per run: from the first click on Check until the total shows. */
  firstMs: number[];
  /** Per run: the same for a second Check. */
  secondMs: number[];
}

export async function firstCheck(runs: number): Promise<FirstCheck | string> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  buildIfNeeded();
  const site = await startSiteServer({ root: join(PROJECT_ROOT, 'dist'), port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const out: FirstCheck = { runtimes: [], readyMs: [], firstMs: [], secondMs: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(site.courseUrl);
      await page.waitForFunction(() => location.hash === '' && localStorage.getItem('mslab:token') !== null);
      const opened = performance.now();
      await page.goto(`${site.url}/01-what-are-microservices/`);
      await page.locator('lab-workbench').scrollIntoViewIfNeeded();
      await page.waitForSelector('lab-workbench[data-ready="true"][data-runtime]', { timeout: 60_000 });
      out.readyMs.push(performance.now() - opened);
      out.runtimes.push((await page.locator('lab-workbench').getAttribute('data-runtime')) ?? '?');
      const check = async () => {
        await page.locator('.lab-total').evaluateAll((els) => els.forEach((e) => e.remove()));
        const t = performance.now();
        await page.getByRole('button', { name: 'Check', exact: true }).click();
        await page.locator('.lab-total').waitFor({ timeout: 60_000 });
        return performance.now() - t;
      };
      out.firstMs.push(await check());
      out.secondMs.push(await check());
      await context.close();
    }
    return out;
  } finally {
    await browser.close();
    await site.close();
  }
}
