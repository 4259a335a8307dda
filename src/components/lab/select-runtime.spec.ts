import { describe, expect, test } from 'vitest';
import type { LabRuntime } from '../../hosts/runtime.ts';
import { selectRuntime, type RuntimeProbes } from './select-runtime.ts';

const fake = (kind: 'webcontainer' | 'local') => ({ kind }) as unknown as LabRuntime;

function probes(over: Partial<RuntimeProbes>): RuntimeProbes {
  return {
    isolated: true,
    online: true,
    preference: 'auto',
    bootWebContainer: async () => fake('webcontainer'),
    local: async () => fake('local'),
    bootTimeoutMs: 200,
    ...over,
  };
}

describe('runtime selection', () => {
  test('WebContainer when the page is isolated and it boots', async () => {
    expect((await selectRuntime(probes({}))).kind).toBe('webcontainer');
  });

  test('the local host when the page is not cross-origin isolated', async () => {
    const s = await selectRuntime(probes({ isolated: false }));
    expect(s.kind).toBe('local');
    expect(s.notes.join()).toContain('cross-origin isolated');
  });

  test('the local host when WebContainer fails to boot', async () => {
    const s = await selectRuntime(probes({ bootWebContainer: async () => Promise.reject(new Error('blocked')) }));
    expect(s.kind).toBe('local');
    expect(s.notes.join()).toContain('WebContainer did not boot: blocked');
  });

  test('the local host when WebContainer boot hangs (offline), after the time limit', async () => {
    const started = Date.now();
    const s = await selectRuntime(probes({ bootWebContainer: () => new Promise(() => {}) }));
    expect(s.kind).toBe('local');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(s.notes.join()).toContain('did not finish');
  });

  test('offline browsers skip WebContainer at once', async () => {
    let booted = false;
    const s = await selectRuntime(probes({ online: false, bootWebContainer: async () => ((booted = true), fake('webcontainer')) }));
    expect(s.kind).toBe('local');
    expect(booted).toBe(false);
  });

  test('none, with the reasons, when neither is there', async () => {
    const s = await selectRuntime(probes({ isolated: false, local: async () => undefined }));
    expect(s.kind).toBe('none');
    expect(s.runtime).toBeUndefined();
    expect(s.notes.join(' | ')).toMatch(/cross-origin isolated.*npm start/);
  });

  test("the learner's preference for the local host goes first", async () => {
    expect((await selectRuntime(probes({ preference: 'local' }))).kind).toBe('local');
  });

  test('a preference for the local host falls back to WebContainer when there is no local server', async () => {
    const s = await selectRuntime(probes({ preference: 'local', local: async () => undefined }));
    expect(s.kind).toBe('webcontainer');
  });
});
