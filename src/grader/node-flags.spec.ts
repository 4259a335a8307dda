import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { HTTP_FACADE_PRELOAD, serviceNodeFlags } from './node-flags.ts';

const noSandbox = { sandbox: false, heapMb: 64, readDir: '/run/app', writeDir: '/run/tmp/api' };

describe('Node flags for a service', () => {
  test('a heap cap on a machine', () => {
    expect(serviceNodeFlags(noSandbox, { node: '24.0.0' }, new Set())).toEqual(['--max-old-space-size=64']);
  });

  test('none inside WebContainer, whose node may refuse them', () => {
    expect(serviceNodeFlags(noSandbox, { node: '20.0.0', webcontainer: '1.0.0' })).toEqual([]);
  });

  test('sandboxed on this Node: no SIGUSR1 inspector, no node:sqlite, reads and writes confined', () => {
    expect(serviceNodeFlags({ ...noSandbox, sandbox: true })).toEqual([
      '--max-old-space-size=64',
      '--disable-sigusr1',
      HTTP_FACADE_PRELOAD,
      '--no-experimental-sqlite',
      '--permission',
      '--allow-fs-read=/run/app',
      '--allow-fs-read=/run/tmp/api',
      '--allow-fs-write=/run/tmp/api',
    ]);
  });
});

describe('the node:http facade preload, in a real sandboxed service process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facade-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  // What a learner's compiled service does: a named import from node:http, as an ES module.
  writeFileSync(
    join(dir, 'service.js'),
    "import http, { createServer } from 'node:http';\n" +
      "const undici = process.moduleLoadList.some((m) => m.includes('undici'));\n" +
      'console.log(JSON.stringify({ undici, createServer: typeof createServer, httpWebSocket: typeof http.WebSocket, globalWebSocket: typeof WebSocket, fetch: typeof fetch }));\n',
  );
  const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, join(dir, 'service.js')], { encoding: 'utf8' }));
  const sandboxed = serviceNodeFlags({ sandbox: true, heapMb: 64, readDir: dir, writeDir: join(dir, 'tmp') });

  test('without it, this Node loads undici for a plain import of node:http (the cost it removes)', () => {
    expect(run(sandboxed.filter((f) => f !== HTTP_FACADE_PRELOAD)).undici).toBe(true);
  });

  test('with it, undici stays unloaded, and http.WebSocket, WebSocket and fetch still work', () => {
    expect(run(sandboxed)).toEqual({ undici: false, createServer: 'function', httpWebSocket: 'function', globalWebSocket: 'function', fetch: 'function' });
  });
});
