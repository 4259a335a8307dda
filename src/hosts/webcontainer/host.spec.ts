import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { NodeContainer } from '../../../tests/doubles/node-container.ts';
import { graderFiles } from '../node/grader-files.ts';
import { gradeFiles } from '../node/grade.ts';
import { loadLab } from '../node/lab-repo.ts';
import type { RunEvent } from '../runtime.ts';
import { toMountTree, WebContainerRuntime, type LabBundle } from './host.ts';

const lab = loadLab('hello-service');
const bundle: LabBundle = { manifest: lab.manifest, provided: lab.provided, checks: lab.checks, checkHelpers: lab.checkHelpers, grader: graderFiles() };
const container = new NodeContainer();
const runtime = new WebContainerRuntime(container, async () => bundle);
afterAll(() => container.dispose());

const scores = (r: { score: number; maxScore: number; status: string; checks: { id: string; status: string }[] }) => ({
  score: r.score,
  maxScore: r.maxScore,
  status: r.status,
  checks: r.checks.map((c) => `${c.id}:${c.status}`),
});

describe('WebContainer host (against a test double of @webcontainer/api)', () => {
  test('mount trees nest folders', () => {
    expect(toMountTree({ 'a/b/c.js': 'x', 'a/d.js': 'y', 'e.json': 'z' })).toEqual({
      a: { directory: { b: { directory: { 'c.js': { file: { contents: 'x' } } } }, 'd.js': { file: { contents: 'y' } } } },
      'e.json': { file: { contents: 'z' } },
    });
  });

  test('grades by mounting the run tree and spawning node grader/main.js, then cleans up', async () => {
    const results = await runtime.grade('hello-service', lab.solution, 'en');
    expect(results.status).toBe('pass');
    expect(container.calls).toEqual(expect.arrayContaining([expect.stringMatching(/^mount run-\d+$/), 'spawn node grader/main.js', expect.stringMatching(/^rm run-\d+$/)]));
    expect(readdirSync(container.root)).toEqual([]);
  });

  test('gives the same score as the node host for the same files (one grader, several hosts)', async () => {
    const broken = { 'server.ts': lab.solution['server.ts']!.replace("{ status: 'ok' }", "{ status: 'down' }") };
    for (const files of [lab.solution, lab.starter, broken]) {
      const [inBrowser, inNode] = await Promise.all([runtime.grade('hello-service', files, 'en'), gradeFiles(lab, files, { sandbox: false })]);
      expect(scores(inBrowser)).toEqual(scores(inNode));
    }
  });

  test('a compile error comes back as status error with the line', async () => {
    const results = await runtime.grade('hello-service', { 'server.ts': 'const x: = 1;' }, 'en');
    expect(results.status).toBe('error');
    expect(results.error).toMatch(/^server\.ts:1:\d+/);
  });

  test('run: starts the services, streams their output, answers requests from inside, stops', async () => {
    const events: RunEvent[] = [];
    const running = await runtime.run('hello-service', lab.solution, (e) => events.push(e));
    expect(running.services.map((s) => s.name)).toEqual(['catalog']);
    const created = await running.request({ service: 'catalog', method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: '{"name":"Cup","price":3}' });
    expect(created).toMatchObject({ ok: true, status: 201, body: '{"id":"1","name":"Cup","price":3}' });
    expect(created.headers?.location).toBe('/items/1');
    const missing = await running.request({ service: 'nope', method: 'GET', path: '/' });
    expect(missing).toMatchObject({ ok: false, error: 'no service named "nope"' });
    await running.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(events.some((e) => e.type === 'log' && e.text.includes('catalog listening on port'))).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'stopped' });
  });
});
