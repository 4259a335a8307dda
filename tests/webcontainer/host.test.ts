/**
 * The WebContainer host's watchdogs and protocol, against the strict test double: what a learner
 * sees when the grader hangs, a handler loops, a request or a control action is never answered,
 * the runner ignores Stop, or the container fails.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { RunEvent } from '../../src/hosts/runtime.ts';
import { bundleOf, doubleRuntime, endlessLoop, loadLab, unavailable, waitFor } from './lab-host.ts';

const lab = loadLab('hello-service');

/** A serve-mode grader of our own: answers control actions, never answers requests, loops on stop. */
const fakeServe = {
  'main.js': `import { createInterface } from 'node:readline';
if (process.stdin.isTTY) process.stdin.setRawMode(true);
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
send({ type: 'ready', services: [{ name: 'catalog', port: 1, provided: false }] });
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'control') {
    send({ type: 'traffic', entry: { from: 'you', to: 'catalog', method: 'GET', path: '/', status: 200, startMs: 1, durationMs: 2 } });
    send({ type: 'state', services: [{ name: 'catalog', state: 'paused' }], faults: [] });
    send({ type: 'control-result', id: m.id, ok: true, services: [{ name: 'catalog', state: m.action === 'pause' ? 'paused' : 'running' }], faults: [] });
  }
  if (m.type === 'stop') for (;;) {}
});
`,
};
/** A grader stuck before it prints anything. */
const stuckGrader = { 'main.js': 'for (;;) {}\n' };

describe.skipIf(unavailable)('WebContainer host watchdogs (strict test double)', () => {
  let grader: Record<string, string> | undefined;
  let limits: { totalMs?: number; checkMs?: number } = {};
  // Generous times for the host (the machine may be busy); short ones only where a watchdog must fire.
  const host = doubleRuntime(() => bundleOf(lab, { grader, limits }), { checkMarginMs: 1_500 });
  /** A runtime with 1.5 s request and kill limits, alone on the double (one container at a time). */
  async function quickly(body: (runtime: typeof host.runtime, calls: () => string[]) => Promise<void>): Promise<void> {
    host.runtime.restart();
    await new Promise((r) => setTimeout(r, 50));
    const quick = doubleRuntime(() => bundleOf(lab, { grader, limits }), { requestMs: 1_500, killWaitMs: 1_500 });
    try {
      await body(quick.runtime, quick.calls);
    } finally {
      quick.dispose();
    }
  }
  afterAll(() => host.dispose());

  test('Check: a grader that never finishes is stopped after totalMs plus the margin; the message says so; the next Check works', async () => {
    grader = stuckGrader;
    limits = { totalMs: 1_500, checkMs: 1_000 };
    try {
      const started = Date.now();
      const results = await host.runtime.grade('hello-service', lab.solution, 'en');
      expect(results.status).toBe('error');
      expect(results.error).toContain('Check did not finish within 4 s');
      expect(results.error).toContain('endless loop');
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(host.calls()).toContain('teardown');
    } finally {
      grader = undefined;
      limits = {};
    }
    const next = await host.runtime.grade('hello-service', lab.solution, 'en');
    expect(next.status).toBe('pass');
  });

  test('Check: a grader that prints its results and then does not exit still gives them; the container is replaced', async () => {
    const results = { version: 1, lab: 'hello-service', status: 'fail', score: 1, maxScore: 2, durationMs: 5, seed: 1, checks: [] };
    grader = { 'main.js': `process.stdout.write(${JSON.stringify(JSON.stringify(results) + '\n')});\nsetTimeout(() => { for (;;) {} }, 100);\n` };
    try {
      const before = host.calls().filter((c) => c === 'teardown').length;
      const got = await host.runtime.grade('hello-service', lab.solution, 'en');
      expect(got).toMatchObject({ status: 'fail', score: 1, maxScore: 2 });
      expect(host.calls().filter((c) => c === 'teardown').length).toBe(before + 1);
    } finally {
      grader = undefined;
    }
  });

  test('the same in Chinese', async () => {
    grader = stuckGrader;
    limits = { totalMs: 1_500, checkMs: 1_000 };
    try {
      const results = await host.runtime.grade('hello-service', lab.solution, 'zh-cn');
      expect(results.error).toContain('检查没有在 4 秒内完成');
    } finally {
      grader = undefined;
      limits = {};
    }
  });

  test('Check: a handler in an endless loop whose service cannot be killed still gives results, then the container is replaced', async () => {
    // The host's own margins here: the grader overruns totalMs by a check and its bounded kills.
    host.runtime.restart(); // one container at a time, as in WebContainer
    await new Promise((r) => setTimeout(r, 50));
    const own = doubleRuntime(() => bundleOf(lab, { limits: { totalMs: 8_000 } }));
    try {
      const results = await own.runtime.grade('hello-service', endlessLoop(lab), 'en');
      expect(results.status, JSON.stringify(results).slice(0, 600)).toBe('fail');
      expect(results.score).toBe(0);
      expect(results.checks.length).toBeGreaterThan(0);
      expect(own.calls()).toContain('teardown');
      const next = await own.runtime.grade('hello-service', lab.solution, 'en');
      expect(next.status).toBe('pass');
      expect(own.containers.length).toBe(2);
    } finally {
      own.dispose();
    }
  });

  test('a compile error comes back with the file and line, on Check and on Run', async () => {
    const results = await host.runtime.grade('hello-service', { 'server.ts': 'const x: = 1;' }, 'en');
    expect(results.status).toBe('error');
    expect(results.error).toMatch(/^server\.ts:1:\d+/);
    const running = await host.runtime.run('hello-service', { 'server.ts': 'const x: = 1;' }, () => undefined);
    expect(running.services).toEqual([]);
    expect(running.error).toMatch(/^server\.ts:1:\d+/);
  });

  test('Run: a 6 KB request body in Chinese goes in and comes back whole (raw mode: no 4 KB line limit, no echo)', async () => {
    const events: RunEvent[] = [];
    const running = await host.runtime.run('hello-service', lab.solution, (e) => events.push(e));
    const name = '茶杯'.repeat(1_000);
    const created = await running.request({ service: 'catalog', method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, price: 3 }) });
    expect(created, JSON.stringify(created).slice(0, 300)).toMatchObject({ ok: true, status: 201 });
    expect(JSON.parse(created.body!)).toEqual({ id: '1', name, price: 3 });
    await running.stop();
    expect(events.some((e) => e.type === 'log' && e.text.includes('catalog listening on port'))).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'stopped' });
  });

  test('services start without V8 flags inside WebContainer (process.versions.webcontainer is set there)', async () => {
    const events: RunEvent[] = [];
    const files = { 'server.ts': "import { createServer } from 'node:http';\nconsole.log('flags', JSON.stringify(process.execArgv));\ncreateServer((q, s) => s.end('ok')).listen(Number(process.env.PORT));\n" };
    const running = await host.runtime.run('hello-service', files, (e) => events.push(e));
    expect(running.error).toBeUndefined();
    await waitFor(events, (e) => e.type === 'log' && e.text.includes('flags'));
    const line = events.find((e): e is Extract<RunEvent, { type: 'log' }> => e.type === 'log' && e.text.includes('flags'))!;
    expect(line.text).toContain('flags []');
    await running.stop();
  });

  test('Run: the Faults panel on the real serve mode: a fault with a Chinese body, its removal by id, pause and resume', async () => {
    const events: RunEvent[] = [];
    const running = await host.runtime.run('hello-service', lab.solution, (e) => events.push(e));
    const added = await running.control({ action: 'fault', service: 'catalog', fault: { kind: 'status', status: 503, body: '{"error":"库存服务暂时不可用"}' }, scope: { from: 'you' } });
    expect(added.ok, added.error).toBe(true);
    expect(added.faults).toHaveLength(1);
    const failed = await running.request({ service: 'catalog', method: 'GET', path: '/health' });
    expect(failed).toMatchObject({ ok: true, status: 503, body: '{"error":"库存服务暂时不可用"}' });
    const removed = await running.control({ action: 'remove-fault', id: added.faults[0]!.id });
    expect(removed).toMatchObject({ ok: true, faults: [] });
    expect((await running.request({ service: 'catalog', method: 'GET', path: '/health' })).status).toBe(200);
    expect(await running.control({ action: 'pause', service: 'catalog' })).toMatchObject({ ok: true, services: [{ name: 'catalog', state: 'paused' }] });
    expect(await running.control({ action: 'resume', service: 'catalog' })).toMatchObject({ ok: true, services: [{ name: 'catalog', state: 'running' }] });
    expect(events.some((e) => e.type === 'state')).toBe(true);
    expect(events.some((e) => e.type === 'traffic' && e.entry.from === 'you' && e.entry.status === 503)).toBe(true);
    await running.stop();
  });

  test('Run: control() is matched by id; traffic and state events pass through; an unanswered request and Stop ignored end with clear words', async () => {
    grader = fakeServe;
    try {
      await quickly(async (runtime, calls) => {
        const events: RunEvent[] = [];
        const running = await runtime.run('hello-service', lab.solution, (e) => events.push(e));
        expect(running.services.map((s) => s.name)).toEqual(['catalog']);
        const result = await running.control({ action: 'pause', service: 'catalog' });
        expect(result).toEqual({ ok: true, services: [{ name: 'catalog', state: 'paused' }], faults: [] });
        await waitFor(events, (e) => e.type === 'state');
        expect(events.find((e) => e.type === 'traffic')).toEqual({ type: 'traffic', entry: { from: 'you', to: 'catalog', method: 'GET', path: '/', status: 200, startMs: 1, durationMs: 2 } });
        const unanswered = await running.request({ service: 'catalog', method: 'GET', path: '/' });
        expect(unanswered).toEqual({ ok: false, error: 'no answer from the lab runner within 2 s (a service may be stuck in an endless loop); press Stop, then Run' });
        await running.stop(); // the fake runner loops on stop: kill() is ignored, the container goes
        expect(calls()).toContain('kill ignored (busy)');
        expect(events.some((e) => e.type === 'exit' && e.service === 'catalog' && e.description.includes('did not stop when asked'))).toBe(true);
        expect(events.at(-1)).toEqual({ type: 'stopped' });
        await expect(running.control({ action: 'resume', service: 'catalog' })).rejects.toThrow('the services were stopped');
      });
    } finally {
      grader = undefined;
    }
  });

  test('Run: a control action the runner never answers is rejected with a clear error', async () => {
    grader = { 'main.js': fakeServe['main.js'].replace("if (m.type === 'control') {", "if (m.type === 'never') {") };
    try {
      await quickly(async (runtime) => {
        const running = await runtime.run('hello-service', lab.solution, () => undefined);
        await expect(running.control({ action: 'kill', service: 'catalog' })).rejects.toThrow('the lab runner did not carry out the action within 2 s');
        await running.stop();
      });
    } finally {
      grader = undefined;
    }
  });

  test("the container's error event ends the run in it with the error, and the next Check boots a fresh one", async () => {
    const events: RunEvent[] = [];
    const running = await host.runtime.run('hello-service', lab.solution, (e) => events.push(e));
    expect(running.error).toBeUndefined();
    const container = host.containers.at(-1)!;
    container.emitError('out of memory');
    await waitFor(events, (e) => e.type === 'stopped');
    expect(events).toContainEqual({ type: 'exit', service: 'catalog', description: 'the in-browser runtime failed: out of memory' });
    expect(container.calls).toContain('teardown');
    expect((await running.request({ service: 'catalog', method: 'GET', path: '/health' })).ok).toBe(false);
    const next = await host.runtime.grade('hello-service', lab.solution, 'en');
    expect(next.status).toBe('pass');
    expect(host.containers.at(-1)).not.toBe(container);
  });
});
