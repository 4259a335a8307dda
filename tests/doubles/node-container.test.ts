/** The WebContainer test double is as strict as its sources say (see the comment in node-container.ts). */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { NodeContainer } from './node-container.ts';
import type { ContainerProcess } from '../../src/hosts/webcontainer/container.ts';

const unavailable = NodeContainer.unavailable();
if (unavailable) console.warn(`[webcontainer double] skipped: ${unavailable}`);

/**
 * Reads output for `ms`, or until the process has exited (and 200 ms more for the last chunks),
 * then cancels: WebContainer output never closes.
 */
async function collect(process: ContainerProcess, until: number | 'exit'): Promise<string[]> {
  const chunks: string[] = [];
  const reader = process.output.getReader();
  const wait = (ms: number) => new Promise<'end'>((r) => setTimeout(() => r('end'), ms));
  const end = until === 'exit' ? process.exit.then(() => wait(200)) : wait(until);
  for (;;) {
    const next = await Promise.race([reader.read(), end]);
    if (next === 'end') break;
    if (next.done) throw new Error('the output closed: WebContainer output never does');
    chunks.push(next.value);
  }
  await reader.cancel();
  return chunks;
}

describe.skipIf(unavailable)('the WebContainer test double', () => {
  let container: NodeContainer | undefined;
  afterEach(() => container?.teardown());
  const boot = async () => (container = await NodeContainer.boot());

  test('mounting into a folder that does not exist throws; after mkdir it works; "." and "" are not names', async () => {
    const c = await boot();
    const tree = { 'a.js': { file: { contents: 'x' } } };
    await expect(c.mount(tree, { mountPoint: 'run-1' })).rejects.toThrow('ENOENT');
    await c.fs.mkdir('run-1');
    await c.mount(tree, { mountPoint: 'run-1' });
    await expect(c.mount({ '.': { directory: {} } })).rejects.toThrow('invalid file name');
    await expect(c.mount({ '': { file: { contents: '' } } })).rejects.toThrow('invalid file name');
  });

  test("node is Node 20 and looks like WebContainer's (process.versions.webcontainer)", async () => {
    const c = await boot();
    await c.fs.mkdir('d');
    await c.mount({ 'v.js': { file: { contents: 'console.log(process.version, Boolean(process.versions.webcontainer), typeof Promise.withResolvers)' } } }, { mountPoint: 'd' });
    const p = await c.spawn('node', ['v.js'], { cwd: 'd' });
    const out = collect(p, 1_500);
    await p.exit;
    expect((await out).join('')).toMatch(/^v20\.\d+\.\d+ true undefined\r\n$/);
  });

  test('one terminal: input echoed, \\r read as \\n, output \\n as \\r\\n, stderr mixed in, and the output stays open after exit', async () => {
    const c = await boot();
    await c.fs.mkdir('d');
    const script = "process.stdin.once('data', (d) => { console.log(JSON.stringify(String(d))); console.error('on stderr'); process.exit(0); });";
    await c.mount({ 'e.js': { file: { contents: script } } }, { mountPoint: 'd' });
    const p = await c.spawn('node', ['e.js'], { cwd: 'd' });
    const out = collect(p, 2_000);
    const writer = p.input.getWriter();
    await new Promise((r) => setTimeout(r, 300));
    await writer.write('hi\r');
    expect(await p.exit).toBe(0);
    const text = (await out).join('');
    expect(text).toContain('hi\r\n'); // the echo
    expect(text).toContain('"hi\\n"\r\n'); // \r arrived as \n; \n went out as \r\n
    expect(text).toContain('on stderr\r\n');
  });

  test('output comes in small chunks, each decoded on its own: a Chinese character split across two is lost', async () => {
    const c = await boot();
    await c.fs.mkdir('d');
    await c.mount({ 'z.js': { file: { contents: "console.log('检查失败：期望 200，实际 500')" } } }, { mountPoint: 'd' });
    const p = await c.spawn('node', ['z.js'], { cwd: 'd' });
    const out = collect(p, 1_500);
    await p.exit;
    const chunks = await out;
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toContain('\ufffd');
  });

  test('kill() is ignored while the process is busy, and works when it is idle', async () => {
    const c = await boot();
    await c.fs.mkdir('d');
    await c.mount({ 'busy.js': { file: { contents: 'for (;;) {}' } }, 'idle.js': { file: { contents: 'setInterval(() => {}, 1000)' } } }, { mountPoint: 'd' });
    const busy = await c.spawn('node', ['busy.js'], { cwd: 'd' });
    const idle = await c.spawn('node', ['idle.js'], { cwd: 'd' });
    await new Promise((r) => setTimeout(r, 800));
    busy.kill();
    idle.kill();
    const ended = (p: ContainerProcess) => Promise.race([p.exit.then(() => 'exited'), new Promise((r) => setTimeout(() => r('running'), 3_000))]);
    expect(await ended(idle)).toBe('exited');
    expect(await ended(busy)).toBe('running');
    expect(c.calls).toContain('kill ignored (busy)');
    c.teardown(); // teardown ends everything
    await expect(c.spawn('node', ['idle.js'])).rejects.toThrow('torn down');
  });

  test("inside, ChildProcess#kill never ends a hot loop, ends any other child at once, and leaves a child's own SIGTERM handler in charge", async () => {
    const c = await boot();
    await c.fs.mkdir('d');
    // The grader builds each service's environment from scratch: the children here do too.
    const parent = `
      const { spawn } = require('node:child_process');
      const kids = {
        hot: 'setTimeout(() => { for (;;) {} }, 50)',
        busyIo: 'const fs = require("node:fs"); setInterval(() => { for (let i = 0; i < 200; i++) fs.statSync("."); }, 1)',
        idle: 'setInterval(() => {}, 1000)',
        graceful: 'process.on("SIGTERM", () => { console.log("draining"); setTimeout(() => process.exit(0), 50); }); setInterval(() => {}, 1000)',
      };
      (async () => {
        for (const [name, code] of Object.entries(kids)) for (const signal of ['SIGKILL', 'SIGTERM']) {
          const child = spawn(process.execPath, ['-e', code], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
          await new Promise((r) => setTimeout(r, 300));
          child.kill(signal);
          const end = await Promise.race([
            new Promise((r) => child.once('exit', (code, sig) => r(sig ?? 'code ' + code))),
            new Promise((r) => setTimeout(() => r('running'), 1000)),
          ]);
          if (end === 'running') process.kill(child.pid, 'SIGKILL');
          console.log(name + ' ' + signal + ': ' + end);
        }
      })();`;
    await c.mount({ 'parent.js': { file: { contents: parent } } }, { mountPoint: 'd' });
    const p = await c.spawn('node', ['parent.js'], { cwd: 'd' });
    const out = collect(p, 'exit');
    await p.exit;
    const lines = (await out).join('').split('\r\n').filter(Boolean);
    expect(lines).toEqual([
      'hot SIGKILL: running',
      'hot SIGTERM: running',
      'busyIo SIGKILL: SIGKILL',
      'busyIo SIGTERM: SIGTERM',
      'idle SIGKILL: SIGKILL',
      'idle SIGTERM: SIGTERM',
      'graceful SIGKILL: SIGKILL',
      'graceful SIGTERM: code 0',
    ]);
  });

  test('a hot loop outlives its parent and every kill, and teardown still ends it', async () => {
    const c = await boot();
    await c.fs.mkdir('d');
    const parent = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
      setTimeout(() => { child.kill('SIGKILL'); console.log('pid ' + child.pid); process.exit(0); }, 300);`;
    await c.mount({ 'parent.js': { file: { contents: parent } } }, { mountPoint: 'd' });
    const p = await c.spawn('node', ['parent.js'], { cwd: 'd' });
    const out = collect(p, 1_500);
    expect(await p.exit).toBe(0);
    const pid = Number(/pid (\d+)/.exec((await out).join(''))?.[1]);
    const alive = () => {
      try {
        return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true); // the parent is gone, its SIGKILL lost, the session's SIGHUP too
    c.teardown();
    await new Promise((r) => setTimeout(r, 200));
    expect(alive()).toBe(false);
  });

  test('only one container at a time', async () => {
    await boot();
    await expect(NodeContainer.boot()).rejects.toThrow('only a single WebContainer');
  });
});
