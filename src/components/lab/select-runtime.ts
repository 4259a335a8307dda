/** Which runtime a lab uses. Pure logic, with the probes passed in, so it is unit-tested. */
import type { LabRuntime, RuntimeKind } from '../../hosts/runtime.ts';

export type RuntimePreference = 'auto' | RuntimeKind;

export interface RuntimeProbes {
  /** `crossOriginIsolated` of the page: WebContainer needs it. */
  isolated: boolean;
  /** False when the browser knows it is offline (WebContainer boots from StackBlitz's servers). */
  online: boolean;
  preference: RuntimePreference;
  bootWebContainer(): Promise<LabRuntime>;
  /** The local host, when the page was served by `npm start` (it has the token) and it answers. */
  local(): Promise<LabRuntime | undefined>;
  /** How long to wait for WebContainer's boot when another runtime is there to fall back on. */
  bootTimeoutMs: number;
  /** The browser, for the gate below; defaults to globalThis.navigator. */
  browser?: { userAgent: string; maxTouchPoints?: number };
}

export type Selection =
  | { runtime: LabRuntime; kind: RuntimeKind; notes: string[] }
  | { runtime: undefined; kind: 'none'; notes: string[] };

/** How long to wait for a boot with nothing to fall back on (StackBlitz's servers can be slow). */
export const LONE_BOOT_TIMEOUT_MS = 60_000;

/**
 * Why WebContainer should not boot by itself in this browser, or undefined. On iOS it can crash the
 * tab (TutorialKit does not boot it there on its own); WebContainer's browser support starts at
 * Safari 16.4 (webcontainers.io/guides/browser-support).
 */
export function webContainerGate(browser: { userAgent: string; maxTouchPoints?: number } | undefined): string | undefined {
  if (!browser) return undefined;
  const ua = browser.userAgent;
  const iPadAsMac = /Macintosh/.test(ua) && (browser.maxTouchPoints ?? 0) > 1;
  if (/iPhone|iPad|iPod/.test(ua) || iPadAsMac) return 'WebContainer does not start by itself on iOS and iPadOS, where it can crash the tab (choose it to try anyway)';
  const safari = /Version\/(\d+)\.(\d+)[^ ]* .*Safari\//.exec(ua);
  if (safari && !/Chrome|Chromium|Edg\//.test(ua)) {
    const [major, minor] = [Number(safari[1]), Number(safari[2])];
    if (major < 16 || (major === 16 && minor < 4)) return `WebContainer needs Safari 16.4 or newer (this is Safari ${major}.${minor})`;
  }
  return undefined;
}

type Timed<T> = { value: T } | { timedOut: true };

function within<T>(promise: Promise<T>, ms: number): Promise<Timed<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve({ value })),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/**
 * The learner's choice goes first. Otherwise the local host first on a page served by `npm start`
 * (it is right there, and offline), and WebContainer first on a static deploy; each falls back on
 * the other; none when neither works (the page then shows the CLI command). `notes` say why each
 * runtime was not used.
 */
export async function selectRuntime(p: RuntimeProbes): Promise<Selection> {
  const notes: string[] = [];
  const local = p.local().catch(() => undefined);
  const tryWebContainer = async (chosen: boolean): Promise<LabRuntime | undefined> => {
    if (!p.isolated) {
      notes.push('WebContainer needs a cross-origin isolated page');
      return undefined;
    }
    if (!p.online) {
      notes.push('WebContainer needs the internet to boot');
      return undefined;
    }
    const gate = chosen ? undefined : webContainerGate(p.browser ?? (globalThis as { navigator?: { userAgent: string; maxTouchPoints?: number } }).navigator);
    if (gate) {
      notes.push(gate);
      return undefined;
    }
    const started = Date.now();
    const boot = p.bootWebContainer();
    boot.catch(() => undefined); // a failure after the time limit is not unhandled
    // Wait long only when there is nothing to fall back on.
    const limitMs = (await local) ? p.bootTimeoutMs : Math.max(p.bootTimeoutMs, LONE_BOOT_TIMEOUT_MS);
    try {
      const booted = await within(boot, Math.max(0, limitMs - (Date.now() - started)));
      if ('value' in booted) return booted.value;
      // Not a failure: the boot goes on in the background.
      notes.push(`WebContainer is still starting after ${Math.round(limitMs / 1000)} s`);
      return undefined;
    } catch (error) {
      notes.push(`WebContainer did not boot: ${(error as Error).message}`);
      return undefined;
    }
  };
  if (p.preference !== 'webcontainer') {
    const runtime = await local;
    if (runtime) return { runtime, kind: 'local', notes };
    if (p.preference === 'local') notes.push('the local lab server is not reachable');
  }
  const wc = await tryWebContainer(p.preference === 'webcontainer');
  if (wc) return { runtime: wc, kind: 'webcontainer', notes };
  const runtime = await local;
  if (runtime) return { runtime, kind: 'local', notes };
  if (p.preference === 'auto') notes.push('the page was not served by `npm start`, so there is no local lab server');
  return { runtime: undefined, kind: 'none', notes };
}
