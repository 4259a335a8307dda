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
  /** The local host, when the page was served by `npm start` and it answers. */
  local(): Promise<LabRuntime | undefined>;
  bootTimeoutMs: number;
}

export type Selection =
  | { runtime: LabRuntime; kind: RuntimeKind; notes: string[] }
  | { runtime: undefined; kind: 'none'; notes: string[] };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * WebContainer when the page is cross-origin isolated and it boots; otherwise the local host;
 * otherwise none (the page then shows the CLI command). A preference set by the learner goes first.
 * `notes` say why each runtime was not used.
 */
export async function selectRuntime(p: RuntimeProbes): Promise<Selection> {
  const notes: string[] = [];
  const local = p.local().catch(() => undefined);
  const tryWebContainer = async (): Promise<LabRuntime | undefined> => {
    if (!p.isolated) {
      notes.push('WebContainer needs a cross-origin isolated page');
      return undefined;
    }
    if (!p.online) {
      notes.push('WebContainer needs the internet to boot');
      return undefined;
    }
    try {
      return await withTimeout(p.bootWebContainer(), p.bootTimeoutMs, 'WebContainer boot');
    } catch (error) {
      notes.push(`WebContainer did not boot: ${(error as Error).message}`);
      return undefined;
    }
  };
  if (p.preference === 'local') {
    const runtime = await local;
    if (runtime) return { runtime, kind: 'local', notes };
    notes.push('the local lab server is not reachable');
  }
  const wc = await tryWebContainer();
  if (wc) return { runtime: wc, kind: 'webcontainer', notes };
  const runtime = await local;
  if (runtime) return { runtime, kind: 'local', notes };
  if (p.preference !== 'local') notes.push('the page was not served by `npm start`, so there is no local lab server');
  return { runtime: undefined, kind: 'none', notes };
}
