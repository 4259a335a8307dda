/**
 * The browser end-to-end harness: Debian's Chromium driven by playwright-core against the built
 * site, served by the same server as `npm start` (src/hosts/local/site-server.ts).
 *
 *   describeBrowser('site', () => { ... })   // skips (or fails under CI=true) without Chromium
 *   const site = await startSite();           // builds dist/ if needed, serves it on a free port
 *   const browser = await launchBrowser();
 *   await screenshot(page, 'chapter-1-en-light');   // test-results/screenshots/<name>.png
 *
 * `npx playwright install` cannot download browsers here: install Chromium with
 * `apt-get install -y chromium` (.ci/run does it when it is missing).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import { startSiteServer } from '../../src/hosts/local/site-server.ts';
import { buildIfNeeded } from '../../scripts/start.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium fonts-noto-cjk';
export const DIST = join(PROJECT_ROOT, 'dist');
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * The launch flags of DESIGN.md. The fresh `--user-data-dir` is the one Playwright itself passes:
 * `launch()` creates a new temp profile per browser and deletes it on close (it refuses a
 * `--user-data-dir` in `args`; only `launchPersistentContext` takes one).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

const isCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
let noticePrinted = false;

/**
 * `describe` for tests that need Chromium. Without it: under CI=true one failing test says what to
 * install; elsewhere the suite is skipped with a notice.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (hasChromium()) {
    describe(name, body);
    return;
  }
  const message = `${name}: Chromium was not found at ${CHROMIUM_PATH}. Install it with: ${INSTALL_HINT}`;
  if (isCI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${message} (CI=true: browser tests may not be skipped)`);
      });
    });
    return;
  }
  if (!noticePrinted) {
    noticePrinted = true;
    console.warn(`\n[browser tests skipped] ${message}\n`);
  }
  describe.skip(name, body);
}

/**
 * Builds the site once when its sources are newer than dist/ (the same stamp as `npm start`).
 * A lock directory keeps two test files (or two vitest runs) from building into dist/ at once.
 */
async function ensureBuilt(): Promise<void> {
  const lock = join(PROJECT_ROOT, '.astro', 'browser-tests-build.lock');
  mkdirSync(join(PROJECT_ROOT, '.astro'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than 10 minutes was left by a killed run.
      if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  // A dist/ built with DEV on (see below) by an older run: build it again.
  const home = join(DIST, 'index.html');
  if (existsSync(home) && readFileSync(home, 'utf8').includes('Search is only available in production builds')) {
    rmSync(join(DIST, '.build-stamp'), { force: true });
  }
  const exit = process.exit;
  try {
    // buildIfNeeded() builds with a clean environment (vitest's NODE_ENV=test, DEV, MODE… would
    // make Astro build in dev mode, without Pagefind). It exits the process when the build fails
    // (it is written for `npm start`): turn that into an error that fails the suite readably.
    process.exit = ((code?: number) => {
      throw new Error(`The site build failed (npm run build exited with ${code}); see the build output above.`);
    }) as typeof process.exit;
    buildIfNeeded();
  } finally {
    process.exit = exit;
    rmSync(lock, { recursive: true, force: true });
  }
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`The build left no ${join(DIST, 'index.html')}`);
}

export interface Site {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:38123 */
  url: string;
  /** The address `npm start` prints: the home page with this run's lab key in the fragment (`/#t=…`). */
  courseUrl: string;
  token: string;
  stop(): Promise<void>;
}

/** Makes sure dist/ is built, then serves it like `npm start` does, on a random free port. */
export async function startSite(): Promise<Site> {
  await ensureBuilt();
  const { url, courseUrl, token, close } = await startSiteServer({ root: DIST, port: 0 });
  // close() also stops any services a test left running through the lab API.
  return { url, courseUrl, token, stop: close };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A new page in its own context (fresh storage) with a desktop viewport, opened first at the
 * address `npm start` prints, as a learner does (the page keeps the lab key; `withKey: false`
 * skips that). Every request that leaves the site's origin is recorded in `foreign`: the course
 * must load nothing from other hosts.
 */
export async function openPage(
  browser: Browser,
  site: Site,
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; withKey?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext; foreign: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  const origin = new URL(site.url).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) foreign.push(url);
  });
  if (options.withKey !== false) {
    await page.goto(site.courseUrl);
    // The page takes the key and removes it from the address bar.
    await page.waitForFunction(() => location.hash === '' && localStorage.getItem('mslab:token') !== null);
  }
  return { page, context, foreign };
}

/**
 * Writes test-results/screenshots/<name>.png and returns its path: the viewport of a page (the
 * whole page with `fullPage`), or just one element when given a locator.
 */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage: options.fullPage ?? false });
  else await target.screenshot({ path });
  return path;
}
