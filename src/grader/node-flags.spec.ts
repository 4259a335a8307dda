import { describe, expect, test } from 'vitest';
import { serviceNodeFlags } from './node-flags.ts';

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
      '--no-experimental-sqlite',
      '--permission',
      '--allow-fs-read=/run/app',
      '--allow-fs-read=/run/tmp/api',
      '--allow-fs-write=/run/tmp/api',
    ]);
  });
});
