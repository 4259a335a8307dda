import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadLab, PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import { describeBrowser, launchBrowser, openPage, screenshot, startSite, type Site } from './harness.ts';

/** Generous waits: CI machines may be busy (vitest's default is 1 s). */
const POLL = { timeout: 15_000, interval: 100 };

const run = promisify(execFile);
const lab = loadLab('hello-service');
const solution = lab.solution['server.ts']!;
const CHAPTER = '/01-what-are-microservices/';

describeBrowser('labs in the page (local host)', () => {
  let site: Site;
  let browser: Browser;
  const work = mkdtempSync(join(tmpdir(), 'lab-browser-'));

  beforeAll(async () => {
    site = await startSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Opens chapter 1 and waits until its lab has loaded and picked a runtime. */
  async function openLab(page: Page, path = CHAPTER): Promise<void> {
    await page.goto(site.url + path);
    await page.locator('lab-workbench').scrollIntoViewIfNeeded();
    await page.waitForSelector('lab-workbench[data-ready="true"][data-runtime]', { timeout: 60_000 });
  }

  async function replaceCode(page: Page, text: string): Promise<void> {
    const editor = page.locator('.lab-editor .cm-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  async function checkAndWait(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const total = page.locator('.lab-total');
    await total.waitFor({ timeout: 60_000 });
    return (await total.textContent()) ?? '';
  }

  test('choosing automatically: WebContainer cannot boot offline, so the page uses the local host and says so', async () => {
    const { page, context } = await openPage(browser, site);
    await openLab(page);
    expect(await page.locator('lab-workbench').getAttribute('data-runtime')).toBe('local');
    await expect.poll(() => page.locator('.lab-runtime').textContent(), POLL).toContain('local lab server (npm start)');
    await context.close();
  }, 120_000);

  test('type the solution, Check gives full marks; the edit survives a reload; a broken version shows the failing message', async () => {
    const { page, context } = await openPage(browser, site);
    await context.addInitScript(() => localStorage.setItem('mslab:runtime', 'local'));
    await openLab(page);
    await screenshot(page.locator('section.lab'), 'lab-before-check');
    await replaceCode(page, solution);
    expect((await page.locator('.lab-editor .cm-content').innerText()).replace(/\s+/g, ' ')).toContain('let nextId = 1;');
    const total = await checkAndWait(page);
    expect(total).toMatch(/^Score: 11\/11/);
    expect(await page.locator('.lab-check-pass').count()).toBe(6);
    await screenshot(page.locator('section.lab'), 'lab-after-check-pass');
    // Finished: chapter 1 gets a ✓ in the sidebar, and the lab is marked on the home page.
    await expect.poll(() => page.locator('.sidebar-content a[href$="/01-what-are-microservices/"] .lab-done').count(), POLL).toBe(1);
    await page.goto(site.url + '/');
    expect(await page.locator('[data-lab-progress="hello-service"]').getAttribute('data-done')).toBe('true');
    expect(await page.locator('[data-lab-progress="api-gateway"]').getAttribute('data-done')).toBeNull();
    await page.goto(site.url + CHAPTER);

    await page.reload();
    await openLab(page);
    const text = await page.locator('.lab-editor .cm-content').innerText();
    expect(text).toContain('let nextId = 1;');

    await replaceCode(page, solution.replace("sendJson(res, 200, { status: 'ok' })", "sendJson(res, 200, { status: 'up' })"));
    const broken = await checkAndWait(page);
    expect(broken).toMatch(/^Score: 9\/11/);
    const failing = page.locator('.lab-check-fail[data-check="health"] .lab-message');
    expect(await failing.textContent()).toContain('the /health body: expected {"status":"ok"}, got {"status":"up"}');
    await screenshot(page.locator('section.lab'), 'lab-after-check-fail');
    await context.close();
  }, 180_000);

  test('Download my work: npm run grade gives the same score as the page', async () => {
    const { page, context } = await openPage(browser, site);
    await context.addInitScript(() => localStorage.setItem('mslab:runtime', 'local'));
    await openLab(page);
    const partial = solution.replace("if (!item) return sendJson(res, 404, { error: `no item with id ${match[1]}` });", '');
    await replaceCode(page, partial.replace('sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });', "res.end('nope');"));
    const inPage = /Score: (\d+)\/(\d+)/.exec(await checkAndWait(page))!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my work' }).click()]);
    const subs = join(work, 'submissions');
    mkdirSync(subs, { recursive: true });
    await download.saveAs(join(subs, 'ada.json'));
    const out = join(work, 'out');
    await run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'hello-service', subs, '--out', out, '--public-only'], { cwd: PROJECT_ROOT });
    const row = readFileSync(join(out, 'grades.csv'), 'utf8').trim().split('\n')[1]!;
    expect(row).toBe(`ada,hello-service,${inPage[1]},${inPage[2]},fail`);
    expect(Number(inPage[1])).toBeLessThan(Number(inPage[2]));
    await context.close();
  }, 180_000);

  test('Run starts my service, its output shows, the HTTP client gets its answer, Stop stops it', async () => {
    const { page, context } = await openPage(browser, site);
    await context.addInitScript(() => localStorage.setItem('mslab:runtime', 'local'));
    await openLab(page);
    await replaceCode(page, solution);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('.lab-status').textContent(), POLL).toBe('Running: catalog');
    await expect.poll(() => page.locator('.lab-log').textContent(), POLL).toMatch(/catalog listening on port \d+/);
    await page.getByLabel('Method').selectOption('POST');
    await page.getByLabel('Path').fill('/items');
    await page.getByLabel('Body').fill('{"name": "Kettle", "price": 20}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('.lab-response').textContent(), POLL).toContain('POST /items → 201');
    const answer = (await page.locator('.lab-response').textContent()) ?? '';
    expect(answer).toContain('location: /items/1');
    expect(answer).toContain('"name": "Kettle"');
    await screenshot(page.locator('section.lab'), 'lab-running');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.locator('.lab-status').textContent(), POLL).toBe('Stopped.');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await context.close();
  }, 120_000);

  test('Hint shows one hint at a time; Show solution keeps my version to go back to', async () => {
    const { page, context } = await openPage(browser, site);
    await context.addInitScript(() => localStorage.setItem('mslab:runtime', 'local'));
    await openLab(page);
    await page.getByRole('button', { name: /^Hint/ }).click();
    expect(await page.locator('.lab-hint').count()).toBe(1);
    await replaceCode(page, '// my own attempt\n');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Show solution' }).click();
    await expect.poll(() => page.locator('.lab-editor .cm-content').innerText(), POLL).toContain('let nextId = 1;');
    await page.getByRole('button', { name: 'Back to my version' }).click();
    await expect.poll(() => page.locator('.lab-editor .cm-content').innerText(), POLL).toContain('// my own attempt');
    await context.close();
  }, 120_000);

  test('the Chinese chapter has the same lab, with the Check button named 检查', async () => {
    const { page, context } = await openPage(browser, site);
    await context.addInitScript(() => localStorage.setItem('mslab:runtime', 'local'));
    await openLab(page, `/zh-cn${CHAPTER}`);
    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.locator('.lab-total').waitFor({ timeout: 60_000 });
    expect(await page.locator('.lab-total').textContent()).toMatch(/^得分：0\/11|^得分: 0\/11/);
    await context.close();
  }, 120_000);

  test('the local host refuses requests without the printed key or from another origin (403); no page gives the key away', async () => {
    const token = site.token;
    for (const path of ['/', CHAPTER, '/zh-cn' + CHAPTER, '/404.html']) {
      const html = await (await fetch(site.url + path)).text();
      expect(html, path).not.toContain(token);
      expect(html, path).toContain('<meta name="lab-server" content="local">');
    }
    const body = JSON.stringify({ lab: 'hello-service', files: lab.solution });
    const post = (headers: Record<string, string>) => fetch(site.url + '/__lab/grade', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const noToken = await post({ origin: site.url });
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).error).toContain('#t=');
    const otherOrigin = await post({ origin: 'http://evil.example', 'x-lab-token': token! });
    expect(otherOrigin.status).toBe(403);
    const noOrigin = await post({ 'x-lab-token': token! });
    expect(noOrigin.status).toBe(403);
    const ok = await post({ origin: site.url, 'x-lab-token': token! });
    expect(ok.status).toBe(200);
    expect((await ok.json()).score).toBe(11);
  }, 60_000);
});
