/**
 * Every lab on the WebContainer host, against the strict test double (a real pseudo-terminal,
 * output that never closes, chunks decoded one by one, Node 20, kill() ignored while busy).
 * New labs in labs/ are picked up by themselves.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import type { RunEvent } from '../../src/hosts/runtime.ts';
import { bundleOf, doubleRuntime, dyingGrader, endlessLoop, loadLab, unavailable, waitFor } from './lab-host.ts';

const labIds = readdirSync(join(PROJECT_ROOT, 'labs')).filter((id) => !id.startsWith('.'));
const CJK = /[\u4e00-\u9fff]/;

describe.skipIf(unavailable)('every lab on the WebContainer host (strict test double)', () => {
  for (const id of labIds) {
    describe(id, () => {
      const lab = loadLab(id);
      let dying = false;
      const host = doubleRuntime(() => bundleOf(lab, dying ? { grader: dyingGrader } : {}));
      afterAll(() => host.dispose());

      test('the solution gets full marks, the starter does not, with the same scores as the node host', async () => {
        const solution = await host.runtime.grade(id, lab.solution, 'en');
        expect(solution.status, JSON.stringify(solution.checks.filter((c) => c.status !== 'pass'))).toBe('pass');
        expect(solution.score).toBe(solution.maxScore);
        const starter = await host.runtime.grade(id, lab.starter, 'en');
        expect(starter.status).not.toBe('pass');
        expect(starter.score).toBeLessThan(starter.maxScore);
        const inNode = await gradeFiles(lab, lab.starter, { sandbox: false });
        expect(starter.checks.map((c) => `${c.id}:${c.status}`)).toEqual(inNode.checks.map((c) => `${c.id}:${c.status}`));
        expect(host.calls()).toEqual(expect.arrayContaining([expect.stringMatching(/^mkdir run-\d+$/), 'spawn node grader/main.js']));
        // Every run is cleaned up: its folder removed, or, when a service ignored its kill (a busy
        // process, webcontainer-core #1121), the whole container torn down.
        const calls = host.calls();
        const after = calls[calls.lastIndexOf('spawn node grader/main.js') + 1];
        expect(after, calls.join('\n')).toMatch(/^(rm run-\d+|teardown)$/);
      });

      test('Chinese results arrive whole (no U+FFFD), titles exactly as the node host gives them', async () => {
        const results = await host.runtime.grade(id, lab.starter, 'zh-cn');
        const inNode = await gradeFiles(lab, lab.starter, { sandbox: false, locale: 'zh-cn' });
        const text = JSON.stringify(results);
        expect(text).not.toContain('\ufffd');
        expect(results.checks.map((c) => c.title)).toEqual(inNode.checks.map((c) => c.title));
        for (const c of results.checks.filter((c) => c.status !== 'pass')) expect(c.message, c.id).toMatch(CJK);
      });

      test('Run: the services start, a request is answered from inside, Stop ends the run', async () => {
        const events: RunEvent[] = [];
        const running = await host.runtime.run(id, lab.solution, (e) => events.push(e));
        expect(running.error).toBeUndefined();
        expect(running.services.map((s) => s.name).sort()).toEqual(lab.manifest.services.map((s) => s.name).sort());
        const first = running.services.find((s) => !s.provided)!;
        const answer = await running.request({ service: first.name, method: 'GET', path: '/' });
        expect(answer.ok, answer.error).toBe(true);
        expect(typeof answer.status).toBe('number');
        await running.stop();
        expect(events.at(-1)).toEqual({ type: 'stopped' });
        expect(await running.request({ service: first.name, method: 'GET', path: '/' })).toEqual({ ok: false, error: 'the services were stopped' });
      });

      test('Run: a runner that dies before ready is reported at once with its output', async () => {
        dying = true;
        try {
          const events: RunEvent[] = [];
          const running = await host.runtime.run(id, lab.solution, (e) => events.push(e));
          expect(running.services).toEqual([]);
          expect(running.error).toContain('exit code 3');
          expect(running.error).toContain('the runner broke');
          await waitFor(events, (e) => e.type === 'stopped');
        } finally {
          dying = false;
        }
      });

      test('Run: an endless loop in a handler, kill() ignored: Stop still ends, the container is replaced, the next Check works', async () => {
        const events: RunEvent[] = [];
        const running = await host.runtime.run(id, endlessLoop(lab), (e) => events.push(e));
        expect(running.error).toBeUndefined();
        const first = running.services.find((s) => !s.provided)!;
        const stuck = running.request({ service: first.name, method: 'GET', path: '/' });
        await new Promise((r) => setTimeout(r, 1_000)); // the handler is spinning now
        await running.stop();
        expect(await stuck).toMatchObject({ ok: false });
        expect(events.some((e) => e.type === 'exit' && e.description.includes('could not be stopped'))).toBe(true);
        expect(events.at(-1)).toEqual({ type: 'stopped' });
        expect(host.calls()).toContain('teardown');
        const before = host.containers.length;
        await new Promise((r) => setTimeout(r, 100)); // SIGKILL is sent; the kernel reaps
        expect(host.containers.map((c) => c.leftovers()).flat()).toEqual([]); // the hot loop ended with its container
        const after = await host.runtime.grade(id, lab.solution, 'en');
        expect(after.status).toBe('pass');
        expect(host.containers.length).toBe(before + 1);
      });
    });
  }
});
