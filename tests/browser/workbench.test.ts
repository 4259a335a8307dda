/**
 * The workbench's Traffic view, Faults panel and Focus mode in Chromium, against the server of
 * `npm start`, in the api-gateway lab with its reference solution running (issue 13).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, openPage, screenshot, startSite, type Site } from './harness.ts';

const POLL = { timeout: 20_000, interval: 100 };
const CHAPTER = '/07-api-gateway-and-bff/';

describeBrowser('workbench: traffic, faults, focus mode (api-gateway)', () => {
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

  async function openLab(page: Page, path = CHAPTER): Promise<void> {
    await page.addInitScript(() => localStorage.setItem('mslab:runtime', 'local'));
    await page.goto(site.url + path);
    await page.locator('lab-workbench').scrollIntoViewIfNeeded();
    await page.waitForSelector('lab-workbench[data-ready="true"][data-runtime="local"]', { timeout: 60_000 });
  }

  /** Loads the reference solution (the page asks first) and starts the services. */
  async function runSolution(page: Page, t = { solution: 'Show solution', back: 'Back to my version', run: 'Run', running: 'Running: gateway, users, orders' }): Promise<void> {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: t.solution }).click();
    await page.getByRole('button', { name: t.back }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: t.run, exact: true }).click();
    await expect.poll(() => page.locator('.lab-status').textContent(), POLL).toBe(t.running);
  }

  async function send(page: Page, service: string, path: string): Promise<string> {
    const http = page.getByRole('region', { name: 'Request' });
    await http.getByLabel('Service').selectOption(service);
    await http.getByLabel('Path').fill(path);
    await page.locator('.lab-response').evaluate((el) => (el.textContent = ''));
    await http.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('.lab-response').textContent(), POLL).toMatch(/→ \d{3}|No answer/);
    return (await page.locator('.lab-response').textContent()) ?? '';
  }

  /**
   * Presses Tab until the focused element matches, like a keyboard user (at most `max` presses).
   * In the editor Tab indents: there, as the page says, Esc first, then Tab moves on.
   */
  async function tabTo(page: Page, matches: (el: Element) => boolean, max = 150): Promise<void> {
    const fn = `(${matches.toString()})(document.activeElement)`;
    for (let i = 0; i < max; i++) {
      if (await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))) await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      if (await page.evaluate((code) => Boolean(document.activeElement && (0, eval)(code)), fn)) return;
    }
    throw new Error(`no focusable element matched after ${max} Tab presses: ${matches}`);
  }

  test('kill users from the Faults panel: GET /users/1 through the gateway answers 502 and the Traffic view shows that exchange', async () => {
    const { page, context } = await openPage(browser, site);
    await openLab(page);
    const faults = page.getByRole('region', { name: 'Faults' });
    expect(await faults.textContent()).toContain('Press Run first');
    await runSolution(page);

    expect(await send(page, 'gateway', '/users/1')).toContain('GET /users/1 → 200');
    await faults.getByRole('button', { name: 'Kill users' }).click();
    await expect.poll(() => faults.getByRole('group', { name: 'users' }).textContent(), POLL).toContain('stopped');
    const answer = await send(page, 'gateway', '/users/1');
    expect(answer).toContain('GET /users/1 → 502');
    expect(answer).toContain('"upstream": "users"');

    const traffic = page.getByRole('region', { name: 'Traffic' });
    const arrows = traffic.locator('.tr-row');
    // The learner's request to the gateway, answered 502, and the gateway's failed call to users.
    const toGateway = traffic.getByRole('button', { name: /you \(HTTP client\) → gateway: GET \/users\/1 → 502/ });
    await expect.poll(() => toGateway.count(), POLL).toBe(1);
    const toUsers = traffic.getByRole('button', { name: /gateway → users: GET \/users\/1 → (no answer|5\d\d)/ });
    await expect.poll(() => toUsers.count(), POLL).toBeGreaterThan(0);
    expect(await toGateway.getAttribute('class')).toContain('tr-error');
    expect(await arrows.count()).toBeGreaterThanOrEqual(4);
    // Its text alternative lists the same exchange.
    expect(await traffic.locator('.lab-traffic-text li').allTextContents()).toContainEqual(expect.stringMatching(/you \(HTTP client\) → gateway: GET \/users\/1 → 502/));
    // Selecting the arrow shows the request and the response.
    await toGateway.click();
    await expect.poll(() => traffic.locator('.lab-traffic-detail').textContent(), POLL).toContain('GET /users/1 → 502');
    expect(await traffic.locator('.lab-traffic-detail').textContent()).toContain('upstream');
    await screenshot(page.locator('section.lab'), 'workbench-users-killed');

    // The filter: -word hides what matches it (here every exchange with users), plain words must match.
    const filter = traffic.getByLabel('Filter the traffic');
    const all = await arrows.count();
    await filter.fill('-users');
    await expect.poll(() => toUsers.count(), POLL).toBe(0);
    expect(await traffic.locator('.lab-traffic-count').textContent()).toMatch(new RegExp(`^\\d+ of \\d+ exchanges shown$`));
    expect(await traffic.locator('.lab-traffic-text li').allTextContents()).not.toContainEqual(expect.stringContaining('users'));
    await filter.fill('-users you');
    await expect.poll(() => arrows.count(), POLL).toBe(0);
    expect(await traffic.locator('.lab-traffic-empty').textContent()).toContain('No exchange matches the filter');
    await filter.fill('502');
    await expect.poll(() => toGateway.count(), POLL).toBe(1);
    await filter.fill('');
    await expect.poll(() => arrows.count(), POLL).toBeGreaterThanOrEqual(all);

    // Restart brings it back; a fault on its inbound requests is listed, and one action clears it.
    await faults.getByRole('button', { name: 'Restart users' }).click();
    await expect.poll(() => faults.getByRole('group', { name: 'users' }).textContent(), POLL).toContain('running');
    expect(await send(page, 'gateway', '/users/1')).toContain('GET /users/1 → 200');
    await faults.getByLabel('Error status for users').fill('503');
    await faults.getByRole('button', { name: 'Fail requests to users' }).click();
    await expect.poll(() => faults.locator('.lab-faults-active').textContent(), POLL).toContain('users: status 503');
    expect(await send(page, 'gateway', '/users/1')).toContain('GET /users/1 → 503');
    const faulted = traffic.getByRole('button', { name: /gateway → users: GET \/users\/1 → 503 .*fault: status 503/ });
    await expect.poll(() => faulted.count(), POLL).toBeGreaterThan(0);
    expect(await faulted.first().getAttribute('class')).toContain('tr-fault');
    await faults.getByRole('button', { name: 'Clear all faults' }).click();
    await expect.poll(() => faults.locator('.lab-faults-active').textContent(), POLL).toContain('No faults are active.');
    expect(await send(page, 'gateway', '/users/1')).toContain('GET /users/1 → 200');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await context.close();
  }, 240_000);

  test('keyboard only: pause and resume a service in the Faults panel, select an arrow in the Traffic view', async () => {
    const { page, context } = await openPage(browser, site);
    await openLab(page);
    await runSolution(page);
    await send(page, 'gateway', '/orders/1');
    await page.getByRole('button', { name: 'Run', exact: true }).focus();
    await tabTo(page, (el) => el.getAttribute('aria-label') === 'Pause orders');
    await page.keyboard.press('Enter');
    const faults = page.getByRole('region', { name: 'Faults' });
    await expect.poll(() => faults.getByRole('group', { name: 'orders' }).textContent(), POLL).toContain('paused');
    // The keyboard stays where it was: on the button that took Pause's place.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Resume orders');
    await page.keyboard.press('Space');
    await expect.poll(() => faults.getByRole('group', { name: 'orders' }).textContent(), POLL).toContain('running');
    // Kill disables itself: the keyboard lands on Restart beside it, and Enter brings the service back.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Kill orders');
    await page.keyboard.press('Enter');
    await expect.poll(() => faults.getByRole('group', { name: 'orders' }).textContent(), POLL).toContain('stopped');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Restart orders');
    await page.keyboard.press('Enter');
    await expect.poll(() => faults.getByRole('group', { name: 'orders' }).textContent(), POLL).toContain('running');

    await page.getByRole('button', { name: 'Run', exact: true }).focus();
    await tabTo(page, (el) => el.classList.contains('tr-row'));
    await page.keyboard.press('Enter');
    const traffic = page.getByRole('region', { name: 'Traffic' });
    await expect.poll(() => traffic.locator('.tr-row[aria-pressed="true"]').count(), POLL).toBe(1);
    expect(await traffic.locator('.lab-traffic-detail').textContent()).toMatch(/GET \/orders\/1 → \d{3}/);
    // One tab stop for the diagram; ↑ moves to the arrow before and selects it.
    expect(await traffic.locator('.tr-row[tabindex="0"]').count()).toBe(1);
    const last = await traffic.locator('.tr-row[aria-pressed="true"]').getAttribute('data-index');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => traffic.locator('.tr-row[aria-pressed="true"]').getAttribute('data-index'), POLL).not.toBe(last);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-pressed'))).toBe('true');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await context.close();
  }, 240_000);

  test('the Traffic view stays readable at 50+ exchanges: identical runs grouped, the rest scrolls under the lifeline names', async () => {
    const { page, context } = await openPage(browser, site);
    await openLab(page);
    await runSolution(page);
    const traffic = page.getByRole('region', { name: 'Traffic' });
    // 26 requests through the gateway: 52 exchanges, alternating users and orders so no two rows group.
    for (let i = 0; i < 26; i++) await send(page, 'gateway', i % 2 ? '/orders/1' : '/users/1');
    await expect.poll(() => traffic.locator('.lab-traffic-count').textContent(), POLL).toBe('52 exchanges');
    expect(await traffic.locator('.tr-row').count()).toBe(52);
    const box = (await traffic.locator('.lab-traffic-scroll').boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(24 * 16 + 2);
    await traffic.locator('.lab-traffic-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const heads = (await traffic.locator('.lab-traffic-sticky').boundingBox())!;
    expect(heads.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(heads.y).toBeLessThan(box.y + 10);
    // The same request again and again is one arrow with ×N.
    await clearTraffic(page);
    for (let i = 0; i < 3; i++) await send(page, 'users', '/users/2');
    await expect.poll(() => traffic.getByRole('button', { name: /you \(HTTP client\) → users: GET \/users\/2 → 200 .*3 times in a row/ }).count(), POLL).toBe(1);
    await screenshot(traffic, 'workbench-traffic-many');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await context.close();
  }, 240_000);

  /** Clears the Traffic view with its button. */
  async function clearTraffic(page: Page): Promise<void> {
    await page.getByRole('region', { name: 'Traffic' }).getByRole('button', { name: 'Clear traffic' }).click();
    await expect.poll(() => page.locator('.lab-traffic-count').textContent(), POLL).toBe('0 exchanges');
  }

  test('Focus mode gives the editor the window: side by side with the output, 90 columns or more on 1280 px; Esc leaves it', async () => {
    const { page, context } = await openPage(browser, site, { viewport: { width: 1280, height: 800 } });
    await openLab(page);
    const columns = () =>
      page.evaluate(() => {
        const content = document.querySelector('.lab-editor .cm-content') as HTMLElement;
        const scroller = document.querySelector('.lab-editor .cm-scroller') as HTMLElement;
        const gutters = document.querySelector('.lab-editor .cm-gutters') as HTMLElement;
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(content).font;
        probe.style.whiteSpace = 'pre';
        probe.textContent = 'x'.repeat(100);
        document.body.append(probe);
        const char = probe.getBoundingClientRect().width / 100;
        probe.remove();
        return Math.floor((scroller.clientWidth - gutters.offsetWidth) / char);
      });
    const editor = page.locator('.lab-editor');
    const before = (await editor.boundingBox())!;
    expect(before.width).toBeLessThan(700);
    const toggle = page.getByRole('button', { name: 'Focus mode' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const box = (await editor.boundingBox())!;
    const output = (await page.locator('.lab-panels').boundingBox())!;
    const cols = await columns();
    expect(box.width >= 1000 || (output.x >= box.x + box.width - 1 && cols >= 90), `editor ${box.width} px, ${cols} columns; output at x=${output.x}`).toBe(true);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    // Nothing of the page covers it: the element at the editor's centre is the editor.
    expect(await page.evaluate(([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest('.lab-editor')), [box.x + box.width / 2, box.y + 40])).toBe(true);
    // The rest of the page is out of the way of Tab.
    expect(await page.evaluate(() => Boolean(document.querySelector('header')?.closest('[inert]')))).toBe(true);
    await screenshot(page, 'workbench-focus-mode');
    await page.locator('.lab-editor .cm-content').click();
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect((await editor.boundingBox())!.width).toBeLessThan(700);
    expect(await page.evaluate(() => document.querySelectorAll('[inert]').length)).toBe(0);
    await context.close();
  }, 120_000);

  test('after Check, every check that sent requests carries its traffic diagram, collapsed, with the exchanges as text', async () => {
    const { page, context } = await openPage(browser, site);
    await openLab(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Show solution' }).click();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.locator('.lab-total').waitFor({ timeout: 90_000 });
    expect(await page.locator('.lab-total').textContent()).toMatch(/^Score: (\d+)\/\1/);
    const checks = page.locator('.lab-check');
    const n = await checks.count();
    expect(n).toBe(8);
    expect(await page.locator('.lab-check details.lab-check-traffic').count()).toBe(n);
    expect(await page.locator('.lab-check details.lab-check-traffic[open]').count()).toBe(0);
    const down = page.locator('.lab-check[data-check="users-down-502"] details.lab-check-traffic');
    await down.locator('> summary').click();
    const svg = down.locator('svg[role="img"]');
    expect(await svg.isVisible()).toBe(true);
    expect(await svg.getAttribute('aria-label')).toContain('Traffic');
    const lines = await down.locator('.lab-traffic-text li').allTextContents();
    expect(lines.length).toBe(await down.locator('.tr-row').count());
    expect(lines).toContainEqual(expect.stringMatching(/grader → gateway: GET \/users\S* → 502/));
    await screenshot(page.locator('.lab-check[data-check="users-down-502"]'), 'workbench-check-traffic');
    await context.close();
  }, 180_000);

  for (const [locale, scheme] of [['en', 'light'], ['en', 'dark'], ['zh-cn', 'light'], ['zh-cn', 'dark']] as const) {
    test(`screenshot: ${locale}, ${scheme}: the regions and the toggle are named in the page's language`, async () => {
      const { page, context } = await openPage(browser, site, { colorScheme: scheme });
      await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), scheme);
      const zh = locale === 'zh-cn';
      await openLab(page, zh ? `/zh-cn${CHAPTER}` : CHAPTER);
      const names = zh ? { traffic: '流量', faults: '故障', focus: '专注模式' } : { traffic: 'Traffic', faults: 'Faults', focus: 'Focus mode' };
      expect(await page.getByRole('region', { name: names.traffic }).count()).toBe(1);
      expect(await page.getByRole('region', { name: names.faults }).count()).toBe(1);
      expect(await page.getByRole('button', { name: names.focus }).count()).toBe(1);
      await runSolution(page, zh ? { solution: '查看参考答案', back: '回到我的版本', run: '运行', running: '运行中：gateway, users, orders' } : undefined);
      const faults = page.getByRole('region', { name: names.faults });
      await faults.getByRole('button', { name: zh ? '终止 users' : 'Kill users' }).click();
      await expect.poll(() => faults.getByRole('group', { name: 'users' }).textContent(), POLL).toContain(zh ? '已停止' : 'stopped');
      const http = page.locator('.lab-http');
      await http.locator('select').first().selectOption('gateway');
      await http.locator('.lab-path').fill('/users/1');
      await http.locator('.lab-http-line button').click();
      await expect.poll(() => page.locator('.lab-response').textContent(), POLL).toContain('→ 502');
      await expect.poll(() => page.getByRole('region', { name: names.traffic }).locator('.tr-row').count(), POLL).toBeGreaterThan(1);
      await page.getByRole('region', { name: names.traffic }).locator('.tr-row').last().click();
      await screenshot(page.getByRole('region', { name: names.traffic }), `workbench-traffic-${locale}-${scheme}`);
      await screenshot(page.getByRole('region', { name: names.faults }), `workbench-faults-${locale}-${scheme}`);
      await page.getByRole('button', { name: names.focus }).click();
      await screenshot(page, `workbench-${locale}-${scheme}`);
      await page.keyboard.press('Escape');
      await page.locator('.lab-toolbar button').nth(1).click();
      await context.close();
    }, 180_000);
  }
});
