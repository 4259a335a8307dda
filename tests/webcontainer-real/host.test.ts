/**
 * The WebContainer host on the real WebContainer: what the test double (tests/doubles/node-container.ts)
 * assumes, checked against the real thing, and every lab graded and run there.
 */
import { WebContainer } from '@webcontainer/api';
import { test } from '@webcontainer/test';
import { describe, expect, inject, onTestFinished, test as plainTest } from 'vitest';
import type { LabBundle } from '../../src/hosts/webcontainer/host.ts';
import { WebContainerRuntime } from '../../src/hosts/webcontainer/host.ts';
import type { ContainerLike } from '../../src/hosts/webcontainer/container.ts';
import type { RunEvent } from '../../src/hosts/runtime.ts';

const labs = inject('labs');
const loop = `import { createServer } from 'node:http';\ncreateServer(() => {\n  while (true) {}\n}).listen(Number(process.env.PORT));\n`;

/**
 * A runtime that boots its own containers (one at a time, as WebContainer allows); `done()` tears
 * down whatever it booted. The lab tests use it instead of the fixture, whose teardown would throw
 * on a container the host already replaced ("WebContainer already torn down").
 */
function ownRuntime(): { runtime: WebContainerRuntime; done(): void } {
  const booted: ContainerLike[] = [];
  const runtime = new WebContainerRuntime(
    async () => {
      const c = (await WebContainer.boot({ coep: 'require-corp' })) as unknown as ContainerLike;
      booted.push(c);
      return c;
    },
    async (id) => labs[id]!.bundle as LabBundle,
  );
  return {
    runtime,
    done() {
      for (const c of booted) {
        try {
          c.teardown();
        } catch {
          // already torn down by the host
        }
      }
    },
  };
}

async function output(process: { output: ReadableStream<string>; exit: Promise<number> }, afterExitMs: number): Promise<{ text: string; closed: boolean }> {
  const reader = process.output.getReader();
  let text = '';
  let closed = false;
  let exited = false;
  void process.exit.then(() => (exited = true));
  const until = () => (exited ? Date.now() + afterExitMs : Infinity);
  let deadline = Infinity;
  for (;;) {
    if (exited && deadline === Infinity) deadline = until();
    const next = await Promise.race([reader.read(), new Promise<'tick'>((r) => setTimeout(() => r('tick'), 100))]);
    if (next !== 'tick') {
      if (next.done) {
        closed = true;
        break;
      }
      text += next.value;
    }
    if (Date.now() > deadline) break;
  }
  await reader.cancel().catch(() => undefined);
  return { text, closed };
}

describe('what the test double assumes, on the real WebContainer', () => {
  test('node is Node 20 and sets process.versions.webcontainer; whether output closes after exit is reported', async ({ webcontainer }) => {
    const c = (webcontainer as unknown as { _instance: ContainerLike })._instance;
    await c.mount({ 'v.js': { file: { contents: 'console.log(process.version, Boolean(process.versions.webcontainer))' } } });
    const p = await c.spawn('node', ['v.js']);
    const { text, closed } = await output(p, 1_000);
    console.info(`[real WebContainer] ${text.trim()}; output closed after exit: ${closed}`);
    expect(text).toMatch(/v20\.\d+\.\d+ true/);
  });

  test('mounting into a folder that does not exist throws', async ({ webcontainer }) => {
    const c = (webcontainer as unknown as { _instance: ContainerLike })._instance;
    await expect(c.mount({ 'a.js': { file: { contents: 'x' } } }, { mountPoint: 'nowhere' })).rejects.toThrow();
  });

  test('stdin is a terminal that echoes and turns \\n into \\r\\n', async ({ webcontainer }) => {
    const c = (webcontainer as unknown as { _instance: ContainerLike })._instance;
    await c.mount({ 'e.js': { file: { contents: "console.log('tty', process.stdin.isTTY); process.stdin.once('data', (d) => { console.log(JSON.stringify(String(d))); process.exit(0); });" } } });
    const p = await c.spawn('node', ['e.js']);
    const collected = output(p, 1_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const writer = p.input.getWriter();
    await writer.write('hi\n');
    const { text } = await collected;
    console.info(`[real WebContainer] terminal: ${JSON.stringify(text)}`);
    expect(text).toContain('\r\n');
  });
});

describe('every lab on the real WebContainer', () => {
  for (const [id, lab] of Object.entries(labs)) {
    plainTest(`${id}: the solution gets full marks, the starter does not, Chinese arrives whole`, async () => {
      const { runtime, done } = ownRuntime();
      onTestFinished(done);
      const solution = await runtime.grade(id, lab.solution, 'en');
      expect(solution.status, JSON.stringify(solution).slice(0, 800)).toBe('pass');
      const starter = await runtime.grade(id, lab.starter, 'zh-cn');
      expect(starter.status).not.toBe('pass');
      expect(JSON.stringify(starter)).not.toContain('\ufffd');
      expect(starter.checks.some((c) => /[\u4e00-\u9fff]/.test(c.message))).toBe(true);
    });

    plainTest(`${id}: Run, a request, Stop`, async () => {
      const { runtime, done } = ownRuntime();
      onTestFinished(done);
      const events: RunEvent[] = [];
      const running = await runtime.run(id, lab.solution, (e) => events.push(e));
      expect(running.error).toBeUndefined();
      const first = running.services.find((s) => !s.provided)!;
      const answer = await running.request({ service: first.name, method: 'GET', path: '/' });
      expect(answer.ok, answer.error).toBe(true);
      await running.stop();
      expect(events.at(-1)).toEqual({ type: 'stopped' });
    });

    plainTest(`${id}: an endless loop in a handler: Check still answers, and the next Check works`, async () => {
      const { runtime, done } = ownRuntime();
      onTestFinished(done);
      const files = { ...lab.solution };
      for (const entry of lab.learnerEntries) files[entry] = loop;
      const stuck = await runtime.grade(id, files, 'en');
      expect(stuck.status).not.toBe('pass');
      const next = await runtime.grade(id, lab.solution, 'en');
      expect(next.status).toBe('pass');
    });
  }
});
