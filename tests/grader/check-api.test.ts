/**
 * The check API inside a real grading run (node host, sandboxed services): a paused service is
 * resumed before the next check and killed at the end of the run, partitions reach the checks'
 * own requests when scoped to "grader", env() gives the manifest's environment, and the budget
 * assertions cite their numbers in both languages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab, type Lab } from '../../src/hosts/node/lab-repo.ts';

const base = loadLab('hello-service');
const CHECKS = `
export default [
  { id: 'pause', title: 'pause', points: 1, async run(t) {
      await t.service('catalog').pause();
      t.expect.ok(t.service('catalog').paused, 'paused');
      const res = await t.http('catalog').attempt('GET', '/health', { timeoutMs: 300 });
      t.expect.ok(res === undefined, 'a paused service answers nothing, got ' + (res && res.summary));
    } },
  { id: 'resumed', title: 'resumed before the next check', points: 1, async run(t) {
      t.expect.ok(!t.service('catalog').paused, 'still paused');
      t.expect.status(await t.http('catalog').get('/health'), 200);
    } },
  { id: 'partition', title: 'partition the checks from catalog', points: 1, async run(t) {
      t.network.partition('grader', 'catalog');
      const cut = await t.http('catalog').attempt('GET', '/health');
      t.expect.ok(cut === undefined, 'partitioned, got ' + (cut && cut.summary));
      t.expect.equal(t.traffic.list({ from: 'grader' }).map((e) => e.error), ['partition'], 'traffic errors');
      t.network.heal();
      t.expect.status(await t.http('catalog').get('/health'), 200);
      t.expect.equal(t.env('catalog'), {}, 'env');
      t.expect.ok(typeof t.seed === 'number' && t.random() < 1, 'seed');
    } },
  { id: 'budget', title: 'a budget that is blown', points: 1, async run(t) {
      await t.http('catalog').get('/health');
      await t.http('catalog').get('/health');
      t.expect.atMost(t.traffic.count({ to: 'catalog' }), 1, { en: 'requests to catalog', 'zh-cn': '发往 catalog 的请求数' }, 'the loop');
    } },
  { id: 'floor', title: 'a floor that is not reached', points: 1, async run(t) {
      t.expect.atLeast(0.5, 2.25, 'retries');
    } },
  { id: 'paused-at-the-end', title: 'the run ends with a paused service', points: 1, async run(t) {
      await t.service('catalog').pause();
    } },
];
`;
const lab: Lab = { ...base, checks: CHECKS, hiddenChecks: undefined, checkHelpers: undefined };
const tempRoot = mkdtempSync(join(tmpdir(), 'check-api-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

describe('the check API in a grading run', () => {
  test('pause, partition, env, budgets; nothing left running after the run', async () => {
    const own = mkdtempSync(join(tempRoot, 'run-'));
    // One lane: 'resumed' must run after 'pause' on the same services.
    const results = await gradeFiles(lab, base.solution, { sandbox: true, tempRoot: own, lanes: 1 });
    const by = Object.fromEntries(results.checks.map((c) => [c.id, c]));
    for (const id of ['pause', 'resumed', 'partition', 'paused-at-the-end']) expect(by[id]!.status, `${id}: ${by[id]!.message}`).toBe('pass');
    expect(by.budget).toMatchObject({ status: 'fail', message: 'requests to catalog: expected at most 1, got 2. Look at the loop.' });
    expect(by.floor).toMatchObject({ status: 'fail', message: 'retries: expected at least 2.25, got 0.5.' });
    expect(by.pause!.traffic).toMatchObject([{ from: 'grader', to: 'catalog', path: '/health', error: 'timeout' }]);
    // No process of the run survives, the paused one included, and the temp tree is gone.
    const ps = execFileSync('ps', ['-eo', 'pid,stat,args'], { encoding: 'utf8' });
    expect(ps.split('\n').filter((line) => line.includes(own))).toEqual([]);
    expect(readdirSync(own)).toEqual([]);
  }, 60_000);

  test('budget messages in Chinese', async () => {
    const results = await gradeFiles(lab, base.solution, { sandbox: true, locale: 'zh-cn' });
    const budget = results.checks.find((c) => c.id === 'budget')!;
    expect(budget.message).toBe('发往 catalog 的请求数：期望不超过 1，实际为 2。请检查：the loop。');
    expect(results.checks.find((c) => c.id === 'floor')!.message).toBe('retries：期望至少 2.25，实际为 0.5。');
  }, 60_000);
});
