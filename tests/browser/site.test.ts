/**
 * What learners see, in a real browser: navigation, the language switch, search in both
 * languages, the in-page quiz, cross-origin isolation, and no requests to other hosts.
 * Screenshots of chapter 1 (light/dark × en/zh-cn) land in test-results/screenshots/.
 *
 *   npx vitest run tests/browser
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIST, describeBrowser, launchBrowser, openPage, screenshot, startSite, type Site } from './harness.ts';

/** Generous waits: CI machines may be busy (vitest's default is 1 s). */
const POLL = { timeout: 15_000, interval: 100 };

const CHAPTER_1 = '01-what-are-microservices';

describeBrowser('the course site in Chromium', () => {
  let site: Site;
  let browser: Browser;
  /** Requests to other hosts, from every page the tests open. */
  const foreign: string[][] = [];

  beforeAll(async () => {
    site = await startSite();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function open(path: string, options: Parameters<typeof openPage>[2] = {}): Promise<Page> {
    const opened = await openPage(browser, site, options);
    foreign.push(opened.foreign);
    const response = await opened.page.goto(site.url + path);
    expect(response?.status(), `GET ${path}`).toBe(200);
    return opened.page;
  }

  async function done(page: Page): Promise<void> {
    await page.context().close();
  }

  function pathOf(page: Page): string {
    return new URL(page.url()).pathname;
  }

  it('goes from the home page to chapter 1, then to the next chapter', async () => {
    const page = await open('/');
    await page.locator(`a[href="/${CHAPTER_1}/"]`).first().click();
    await page.waitForURL(`**/${CHAPTER_1}/`);
    await expect.poll(() => page.locator('h1').first().textContent(), POLL).toBeTruthy();

    const next = page.locator('.pagination-links a[rel="next"]');
    await expect.poll(() => next.textContent(), POLL).toMatch(/Next/);
    const nextHref = await next.getAttribute('href');
    // Chapters are ordered by sidebar.order: the next one after 01 is 02.
    expect(nextHref).toMatch(/^\/02-[a-z0-9-]+\/$/);
    await next.click();
    await page.waitForURL(`**${nextHref}`);
    expect(pathOf(page)).toBe(nextHref);
    // And the way back.
    expect(await page.locator('.pagination-links a[rel="prev"]').getAttribute('href')).toBe(`/${CHAPTER_1}/`);
    await done(page);
  });

  it('lists the chapters in the sidebar in chapter order', async () => {
    const page = await open(`/${CHAPTER_1}/`);
    const hrefs = await page.locator('#starlight__sidebar a[href]').evaluateAll((links) =>
      links.map((a) => a.getAttribute('href')!).filter((href) => /^\/\d\d-/.test(href)),
    );
    expect(hrefs[0]).toBe(`/${CHAPTER_1}/`);
    expect(hrefs).toEqual([...hrefs].sort());
    await done(page);
  });

  it('switches a chapter between English and Chinese and keeps the chapter', async () => {
    const page = await open(`/${CHAPTER_1}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const select = () => page.locator('starlight-lang-select select').locator('visible=true').first();

    await select().selectOption({ label: '简体中文' });
    await page.waitForURL(`**/zh-cn/${CHAPTER_1}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    await select().selectOption({ label: 'English' });
    await page.waitForURL((url) => url.pathname === `/${CHAPTER_1}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await done(page);
  });

  async function search(page: Page, term: string): Promise<string[]> {
    // Starlight mounts the Pagefind UI in the search dialog once the page is idle after load.
    await page
      .locator('#starlight__search input')
      .first()
      .waitFor({ state: 'attached', timeout: 30_000 })
      .catch(async (error: Error) => {
        const html = await page.locator('#starlight__search').evaluate((e) => e.outerHTML.slice(0, 300));
        throw new Error(`The Pagefind UI never mounted in ${html}\n${error.message}`);
      });
    await page.locator('button[data-open-modal]').locator('visible=true').first().click();
    const input = page.locator('#starlight__search input.pagefind-ui__search-input');
    await input.waitFor({ state: 'visible' });
    await input.fill(term);
    const results = page.locator('#starlight__search .pagefind-ui__result-link');
    await results.first().waitFor({ state: 'visible', timeout: 15_000 });
    return results.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  }

  it('searches English pages with Pagefind', async () => {
    const page = await open(`/${CHAPTER_1}/`);
    const found = await search(page, 'monolith');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((path) => !path.startsWith('/zh-cn/')), found.join(' ')).toBe(true);
    await done(page);
  });

  it('searches Chinese pages with Pagefind (微服务)', async () => {
    const page = await open(`/zh-cn/${CHAPTER_1}/`);
    const found = await search(page, '微服务');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((path) => path.startsWith('/zh-cn/')), found.join(' ')).toBe(true);
    expect(found).toContain(`/zh-cn/${CHAPTER_1}/`);
    await done(page);
  });

  /** The chapter page with a <Quiz> in the given locale: chapter 1 when it has one. */
  function pageWithQuiz(locale: 'en' | 'zh-cn'): string | undefined {
    const root = locale === 'en' ? DIST : join(DIST, 'zh-cn');
    const chapters = readdirSync(root).filter((name) => /^\d\d-/.test(name)).sort();
    const found = chapters.find((name) => {
      const file = join(root, name, 'index.html');
      return existsSync(file) && readFileSync(file, 'utf8').includes('data-quiz');
    });
    return found && (locale === 'en' ? `/${found}/` : `/zh-cn/${found}/`);
  }

  for (const locale of ['en', 'zh-cn'] as const) {
    it(`grades a quiz in the page (${locale}): a wrong answer, then the right one`, async () => {
      const path = pageWithQuiz(locale);
      expect(path, `no chapter in ${locale} uses <Quiz>`).toBeDefined();
      const page = await open(path!);
      const quiz = page.locator('form[data-quiz]').first();
      await quiz.scrollIntoViewIfNeeded();
      const button = quiz.locator('button[type="submit"]');
      expect((await button.textContent())?.trim()).toBe(locale === 'en' ? 'Check answer' : '检查答案');

      const inputs = quiz.locator('input');
      const count = await inputs.count();
      const correct: boolean[] = [];
      for (let i = 0; i < count; i++) correct.push((await inputs.nth(i).getAttribute('data-correct')) !== null);
      const explanations = await quiz.locator('template').evaluate((t) =>
        [...(t as HTMLTemplateElement).content.querySelectorAll('li')].map((li) => li.querySelector('.quiz-explain')?.textContent ?? ''),
      );
      const feedback = quiz.locator('.quiz-feedback');
      expect(await feedback.getAttribute('aria-live')).toBe('polite');

      // A wrong answer, chosen with the keyboard.
      const wrong = correct.indexOf(false);
      expect(wrong, 'the quiz has no wrong option').toBeGreaterThanOrEqual(0);
      await inputs.nth(wrong).focus();
      await page.keyboard.press('Space');
      expect(await inputs.nth(wrong).isChecked()).toBe(true);
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => feedback.locator('p').textContent(), POLL).toMatch(locale === 'en' ? /Not quite/ : /还不完全对/);
      const wrongItem = feedback.locator('li').nth(wrong);
      expect(await wrongItem.getAttribute('data-state')).toBe('wrong');
      if (explanations[wrong]) expect(await wrongItem.textContent()).toContain(explanations[wrong]);
      await screenshot(page, `quiz-${locale}-wrong`);

      // The right answer(s), and nothing else.
      for (let i = 0; i < count; i++) {
        if (correct[i]) await inputs.nth(i).check();
        else if ((await inputs.nth(i).getAttribute('type')) === 'checkbox') await inputs.nth(i).uncheck();
      }
      await button.click();
      await expect.poll(() => feedback.locator('p').textContent(), POLL).toMatch(locale === 'en' ? /Correct/ : /回答正确/);
      const right = correct.indexOf(true);
      const rightItem = feedback.locator('li').nth(right);
      expect(await rightItem.getAttribute('data-state')).toBe('right');
      if (explanations[right]) expect(await rightItem.textContent()).toContain(explanations[right]);
      expect(await feedback.locator('li[data-state="wrong"]').count()).toBe(0);
      await done(page);
    });
  }

  it('is cross-origin isolated on a chapter page (COOP/COEP), as WebContainer needs', async () => {
    const page = await open(`/${CHAPTER_1}/`);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await done(page);
  });

  for (const locale of ['en', 'zh-cn'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`renders chapter 1 (${locale}, ${theme} theme)`, async () => {
        const page = await open(locale === 'en' ? `/${CHAPTER_1}/` : `/zh-cn/${CHAPTER_1}/`, { colorScheme: theme });
        expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
        await screenshot(page, `chapter-1-${locale}-${theme}`);
        const quiz = page.locator('form[data-quiz]').first();
        if ((await quiz.count()) > 0) {
          // Answer with the first option so the feedback is in the picture.
          await quiz.locator('input').first().check();
          await quiz.locator('button[type="submit"]').click();
          await quiz.locator('.quiz-feedback li').first().waitFor();
          await screenshot(quiz, `quiz-${locale}-${theme}`);
        }
        await done(page);
      });
    }
  }

  it('renders the home page in both languages', async () => {
    for (const [path, name] of [['/', 'home-en'], ['/zh-cn/', 'home-zh-cn']] as const) {
      const page = await open(path);
      await screenshot(page, name);
      await done(page);
    }
  });

  it('has no <link>, <script>, <img>... in dist/ that points to another host', () => {
    // Canonical and hreflang links name the configured site (SITE_URL, by default the local server).
    const own = new URL(process.env.SITE_URL || 'http://127.0.0.1:4321').origin;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.html')) {
          const html = readFileSync(file, 'utf8');
          for (const tag of html.match(/<(link|script|img|iframe|source|video|audio|embed|object|image|use)\b[^>]*>/gi) ?? []) {
            for (const [, , url] of tag.matchAll(/\b(href|src|srcset|data|poster|xlink:href)\s*=\s*"([^"]*)"/g)) {
              if (/^(https?:)?\/\//.test(url!) && new URL(url!, own).origin !== own) offenders.push(`${file.slice(DIST.length)}: ${tag}`);
            }
          }
        }
      }
    };
    walk(DIST);
    expect(offenders).toEqual([]);
  });

  it('loads nothing from other hosts', async () => {
    expect(foreign.flat()).toEqual([]);
  });
});
