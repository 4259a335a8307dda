import { describe, expect, test } from 'vitest';
import type { LabRuntime } from '../../hosts/runtime.ts';
import { selectRuntime, webContainerGate, type RuntimeProbes } from './select-runtime.ts';

const fake = (kind: 'webcontainer' | 'local') => ({ kind }) as unknown as LabRuntime;
const desktop = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', maxTouchPoints: 0 };
const iphone = { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', maxTouchPoints: 5 };
const ipadAsMac = { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', maxTouchPoints: 5 };
const macSafari = (v: string) => ({ userAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`, maxTouchPoints: 0 });

/** A static deploy by default: no local server (no token in the page). */
function probes(over: Partial<RuntimeProbes>): RuntimeProbes {
  return {
    isolated: true,
    online: true,
    preference: 'auto',
    bootWebContainer: async () => fake('webcontainer'),
    local: async () => undefined,
    bootTimeoutMs: 200,
    browser: desktop,
    ...over,
  };
}
const withLocal = { local: async () => fake('local') };

describe('runtime selection', () => {
  test('a page served by npm start uses the local host first, without booting WebContainer', async () => {
    let booted = false;
    const s = await selectRuntime(probes({ ...withLocal, bootWebContainer: async () => ((booted = true), fake('webcontainer')) }));
    expect(s.kind).toBe('local');
    expect(booted).toBe(false);
  });

  test('a static deploy uses WebContainer first', async () => {
    expect((await selectRuntime(probes({}))).kind).toBe('webcontainer');
  });

  test("the learner's choice of WebContainer overrides the local host", async () => {
    expect((await selectRuntime(probes({ ...withLocal, preference: 'webcontainer' }))).kind).toBe('webcontainer');
  });

  test('a choice of WebContainer falls back on the local host when it fails to boot', async () => {
    const s = await selectRuntime(probes({ ...withLocal, preference: 'webcontainer', bootWebContainer: async () => Promise.reject(new Error('blocked')) }));
    expect(s.kind).toBe('local');
    expect(s.notes.join()).toContain('WebContainer did not boot: blocked');
  });

  test('a boot that takes too long with the local host there: local, and the note does not call it a failure', async () => {
    const started = Date.now();
    const s = await selectRuntime(probes({ ...withLocal, preference: 'webcontainer', bootWebContainer: () => new Promise(() => {}) }));
    expect(s.kind).toBe('local');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(s.notes.join()).toContain('WebContainer is still starting after');
    expect(s.notes.join()).not.toContain('did not boot');
  });

  test('with nothing to fall back on, a slow boot is waited for past bootTimeoutMs', async () => {
    const s = await selectRuntime(probes({ bootWebContainer: () => new Promise((r) => setTimeout(() => r(fake('webcontainer')), 500)) }));
    expect(s.kind).toBe('webcontainer');
  });

  test('the local host when the page is not cross-origin isolated', async () => {
    const s = await selectRuntime(probes({ ...withLocal, preference: 'webcontainer', isolated: false }));
    expect(s.kind).toBe('local');
    expect(s.notes.join()).toContain('cross-origin isolated');
  });

  test('offline browsers skip WebContainer at once', async () => {
    let booted = false;
    const s = await selectRuntime(probes({ online: false, bootWebContainer: async () => ((booted = true), fake('webcontainer')) }));
    expect(s.kind).toBe('none');
    expect(booted).toBe(false);
    expect(s.notes.join()).toContain('needs the internet');
  });

  test('none, with the reasons, when neither is there', async () => {
    const s = await selectRuntime(probes({ isolated: false }));
    expect(s.kind).toBe('none');
    expect(s.runtime).toBeUndefined();
    expect(s.notes.join(' | ')).toMatch(/cross-origin isolated.*npm start/);
  });

  test("the learner's choice of the local host falls back on WebContainer when there is no local server", async () => {
    const s = await selectRuntime(probes({ preference: 'local' }));
    expect(s.kind).toBe('webcontainer');
    expect(s.notes.join()).toContain('not reachable');
  });

  test('iOS: WebContainer does not boot by itself, but does when the learner chooses it', async () => {
    let boots = 0;
    const boot = async () => (boots++, fake('webcontainer'));
    const auto = await selectRuntime(probes({ browser: iphone, bootWebContainer: boot }));
    expect(auto.kind).toBe('none');
    expect(auto.notes.join()).toContain('iOS');
    expect(boots).toBe(0);
    expect((await selectRuntime(probes({ browser: iphone, bootWebContainer: boot, preference: 'webcontainer' }))).kind).toBe('webcontainer');
    expect(boots).toBe(1);
  });

  test('the browser gate: iOS, iPadOS posing as a Mac, Safari before 16.4; desktop browsers pass', () => {
    expect(webContainerGate(iphone)).toContain('iOS');
    expect(webContainerGate(ipadAsMac)).toContain('iOS');
    expect(webContainerGate(macSafari('16.3'))).toContain('Safari 16.4');
    expect(webContainerGate(macSafari('15.6.1'))).toContain('Safari 16.4');
    expect(webContainerGate(macSafari('16.4'))).toBeUndefined();
    expect(webContainerGate(macSafari('17.5'))).toBeUndefined();
    expect(webContainerGate(desktop)).toBeUndefined();
    expect(webContainerGate({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' })).toBeUndefined();
  });
});
