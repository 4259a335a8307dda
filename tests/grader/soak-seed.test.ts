/**
 * Seeds and soak end to end, through the real node host: the same seed gives the same fault
 * schedule (the traffic record of two runs matches fault for fault), and `soak` tells a steady
 * check from one that fails at random, naming it, through the CLI as a learner runs it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { soak } from '../../src/cli/soak.ts';
import type { Results } from '../../src/engine/results.ts';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab, PROJECT_ROOT, type Lab } from '../../src/hosts/node/lab-repo.ts';

const base = loadLab('api-gateway');
/**
 * api-gateway with two checks of its own: one steady, one that depends on a seeded fault (users
 * answers 500 to half the requests, and the check wants 200 for each of 3 requests through the
 * gateway, which passes a 500 on as the lab asks: so the outcome is decided by the draws).
 */
const CHECKS = `
export default [
  { id: 'steady', title: 'GET /health answers 200', points: 1,
    async run({ http, expect }) { expect.status(await http('gateway').get('/health'), 200); } },
  { id: 'coin', title: 'Three requests while users fails half the time', points: 1,
    async run({ http, fault, expect, traffic }) {
      fault('users').fail(500, { probability: 0.5 });
      for (let i = 0; i < 3; i++) expect.status(await http('gateway').get('/users/1'), 200);
      expect.atMost(traffic.count({ to: 'users' }), 3, 'calls to users');
    } },
];
`;
const lab: Lab = { ...base, checks: CHECKS, checkHelpers: undefined, hiddenChecks: undefined };
const work = mkdtempSync(join(tmpdir(), 'soak-seed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const schedule = (r: Results) =>
  r.checks
    .find((c) => c.id === 'coin')!
    .traffic.filter((e) => e.from === 'gateway')
    .map((e) => `${e.status}${e.fault ? '!' : ''}`);

describe('seeds', () => {
  test('the same seed gives the same fault schedule, recorded in the results', async () => {
    const a = await gradeFiles(lab, lab.solution, { seed: 41 });
    const b = await gradeFiles(lab, lab.solution, { seed: 41 });
    const c = await gradeFiles(lab, lab.solution, { seed: 42 });
    expect(a.seed).toBe(41);
    expect(c.seed).toBe(42);
    expect(schedule(a).length).toBeGreaterThan(0);
    expect(schedule(b)).toEqual(schedule(a));
    expect(a.checks.map((x) => x.status)).toEqual(b.checks.map((x) => x.status));
    // Without a seed the grader draws one and says which.
    const fresh = await gradeFiles(lab, lab.solution, {});
    expect(Number.isInteger(fresh.seed)).toBe(true);
    // Some seed among a few gives another schedule (seeds 41 and 42 are fixed, so this is too).
    expect([schedule(c)]).not.toEqual([schedule(a)]);
  }, 60_000);
});

describe('soak', () => {
  test('names the check that passes in some runs and fails in others, not the steady one', async () => {
    const report = await soak(lab, lab.solution, { runs: 6, seed: 40 });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.steady).toMatchObject({ passed: 6, runs: 6 });
    expect(byId.coin!.passed).toBeGreaterThan(0);
    expect(byId.coin!.passed).toBeLessThan(6);
    expect(report.flaky.map((c) => c.id)).toEqual(['coin']);
    expect(report.seeds).toEqual([40, 41, 42, 43, 44, 45]);
    // The failures name their seeds, so one can be replayed with check --seed.
    expect(byId.coin!.failures.every((f) => typeof f.seed === 'number' && f.message.includes('500'))).toBe(true);
  }, 120_000);

  test('the CLI prints the pass counts, names the flaky check and exits 1; a steady solution exits 0', async () => {
    // A lab folder of its own is not needed: soak reads the learner's folder, the checks are the lab's.
    const dir = join(work, 'hello');
    mkdirSync(dir, { recursive: true });
    const hello = loadLab('hello-service');
    for (const [path, text] of Object.entries(hello.solution)) writeFileSync(join(dir, path), text);
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'src/cli/lab.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, INIT_CWD: work, NO_COLOR: '1' } }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const steady = await run(['soak', 'hello-service', '--dir', dir, '--runs', '3']);
    expect(steady.code).toBe(0);
    expect(steady.stdout).toMatch(/3\/3\s+steady\s+health/);
    expect(steady.stdout).toContain('No flaky check');

    // A health route that fails at random (Math.random in the service: fresh every run).
    const flaky = hello.solution['server.ts']!.replace("sendJson(res, 200, { status: 'ok' })", "sendJson(res, Math.random() < 0.5 ? 500 : 200, { status: 'ok' })");
    expect(flaky).not.toBe(hello.solution['server.ts']);
    writeFileSync(join(dir, 'server.ts'), flaky);
    // 14 runs: both outcomes appear except with probability 2 × 0.5^14 (about 1 in 8000).
    const out = await run(['soak', 'hello-service', '--dir', dir, '--runs', '14']);
    expect(out.code, out.stdout + out.stderr).toBe(1);
    expect(out.stdout).toMatch(/\d+\/14\s+FLAKY\s+health/);
    expect(out.stdout).toMatch(/Flaky: health\b/);
    expect(out.stdout).toMatch(/--seed \d+/);
    const usage = await run(['soak', 'hello-service', '--dir', dir, '--runs', 'many']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--runs takes a whole number');
  }, 180_000);
});
