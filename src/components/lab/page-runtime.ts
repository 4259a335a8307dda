/** The lab's data (/lab-data/<id>.json) and the one runtime a page shares between its labs. */
import type { Locale } from '../../engine/locale.ts';
import type { LabBundle } from '../../hosts/webcontainer/host.ts';
import { LocalRuntime } from '../../hosts/local/client.ts';
import { selectRuntime, type RuntimePreference } from './select-runtime.ts';

export interface LabData extends LabBundle {
  id: string;
  chapter: string;
  title: string;
  starter: Record<string, string>;
  solution: Record<string, string>;
  hints: string[];
  hintsByLocale: Record<Locale, string[]>;
  services: { name: string; provided: boolean }[];
}

let runtimePromise: Promise<Awaited<ReturnType<typeof selectRuntime>>> | undefined;
const bundles = new Map<string, LabData>();

/** One runtime per page, shared by its labs (WebContainer boots once per page). */
export function pageRuntime(): ReturnType<typeof selectRuntime> {
  runtimePromise ??= (async () => {
    const url = new URL(location.href);
    const preference = (url.searchParams.get('runtime') ?? localStorage.getItem('mslab:runtime') ?? 'auto') as RuntimePreference;
    const token = LocalRuntime.tokenFrom(document);
    // A WebContainer that did not boot in this tab will not boot on the next page either.
    const failedBefore = sessionStorage.getItem('mslab:webcontainer-failed') === '1';
    const selection = await selectRuntime({
      isolated: globalThis.crossOriginIsolated === true,
      online: navigator.onLine && !failedBefore,
      preference,
      // With the local server as a fallback, do not keep the learner waiting long.
      bootTimeoutMs: token ? 4_000 : 15_000,
      async bootWebContainer() {
        const { bootWebContainer } = await import('../../hosts/webcontainer/boot.ts');
        return bootWebContainer(async (id) => bundles.get(id) ?? (await loadLabData(id)));
      },
      async local() {
        if (!token) return undefined;
        const runtime = new LocalRuntime(token);
        return (await runtime.available()) ? runtime : undefined;
      },
    });
    if (selection.notes.some((n) => n.startsWith('WebContainer did not boot'))) sessionStorage.setItem('mslab:webcontainer-failed', '1');
    return selection;
  })();
  return runtimePromise;
}

export async function loadLabData(id: string): Promise<LabData> {
  const res = await fetch(`/lab-data/${id}.json`);
  if (!res.ok) throw new Error(`could not load /lab-data/${id}.json (${res.status})`);
  const data = (await res.json()) as LabData;
  bundles.set(id, data);
  return data;
}
