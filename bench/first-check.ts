/**
 * The first Check under `npm start`, in Chromium: the page picks its runtime (the local host first,
 * since the page has the token), then Check is clicked and timed until the total shows. A page that
 * tried WebContainer first waited for its 4 s boot timeout here (4.2 s measured before; issue 9).
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
  runtime: string;
  /** From opening the page until the workbench picked its runtime. */
  readyMs: number;
  /** From the first click on Check until the total shows. */
  firstMs: number;
  /** The same for a second Check. */
  secondMs: number;
}

export async function firstCheck(): Promise<FirstCheck | string> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  buildIfNeeded();
  const site = await startSiteServer({ root: join(PROJECT_ROOT, 'dist'), port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const opened = performance.now();
    await page.goto(`${site.url}/01-what-are-microservices/`);
    await page.locator('lab-workbench').scrollIntoViewIfNeeded();
    await page.waitForSelector('lab-workbench[data-ready="true"][data-runtime]', { timeout: 60_000 });
    const readyMs = performance.now() - opened;
    const runtime = (await page.locator('lab-workbench').getAttribute('data-runtime')) ?? '?';
    const check = async () => {
      await page.locator('.lab-total').evaluateAll((els) => els.forEach((e) => e.remove()));
      const t = performance.now();
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await page.locator('.lab-total').waitFor({ timeout: 60_000 });
      return performance.now() - t;
    };
    const firstMs = await check();
    const secondMs = await check();
    return { runtime, readyMs, firstMs, secondMs };
  } finally {
    await browser.close();
    await site.close();
  }
}
