/**
 * Browser side of the local host: talks to the lab API that `npm start` serves beside the site.
 * The per-run token comes from <meta name="lab-token"> in the served page.
 */
import type { Locale } from '../../engine/locale.ts';
import type { FileTree } from '../../engine/run-tree.ts';
import type { Results } from '../../engine/results.ts';
import type { ControlAction, ControlResult, HttpExchange, LabRuntime, RequestSpec, RunEvent, RunningLab, ServiceInfo } from '../runtime.ts';

export class LocalRuntime implements LabRuntime {
  readonly kind = 'local' as const;
  private readonly token: string;
  private readonly base: string;

  constructor(token: string, base = '') {
    this.token = token;
    this.base = base;
  }

  /** Reads the token the local server embedded in the page; undefined when the page came from elsewhere. */
  static tokenFrom(doc: { querySelector(s: string): { getAttribute(n: string): string | null } | null }): string | undefined {
    return doc.querySelector('meta[name="lab-token"]')?.getAttribute('content') ?? undefined;
  }

  private async call<T>(route: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.base}/__lab/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lab-token': this.token },
      body: JSON.stringify(body),
    });
    const data = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new Error(data.error ?? `the local lab server answered ${res.status}`);
    return data as T;
  }

  /** True when the local lab server answers with this token. */
  async available(): Promise<boolean> {
    try {
      await this.call('poll', { session: 'probe', since: 0 });
      return true;
    } catch {
      return false;
    }
  }

  grade(labId: string, files: FileTree, locale: Locale): Promise<Results> {
    return this.call<Results>('grade', { lab: labId, files, locale });
  }

  async run(labId: string, files: FileTree, onEvent: (event: RunEvent) => void): Promise<RunningLab> {
    const started = await this.call<{ session: string; services: ServiceInfo[]; error?: string }>('run', { lab: labId, files });
    let next = 0;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        try {
          const batch = await this.call<{ events: RunEvent[]; next: number }>('poll', { session: started.session, since: next });
          next = batch.next;
          for (const event of batch.events) {
            onEvent(event);
            if (event.type === 'stopped') stopped = true;
          }
        } catch {
          stopped = true;
          onEvent({ type: 'stopped' });
        }
        if (!stopped) await new Promise((r) => setTimeout(r, 400));
      }
    };
    void poll();
    return {
      services: started.services,
      error: started.error,
      request: (spec: RequestSpec) => this.call<HttpExchange>('request', { session: started.session, ...spec }),
      control: (action: ControlAction) => this.call<ControlResult>('control', { ...action, session: started.session }),
      stop: async () => {
        await this.call('stop', { session: started.session }).catch(() => undefined);
      },
    };
  }
}
