/**
 * What the in-page lab needs from a host, whichever it is (WebContainer in the browser, or the
 * local lab server behind `npm start`). No DOM and no Node imports: both sides use these types.
 */
import type { ActiveFault, FaultScope, FaultSpec, TrafficEntry } from '../engine/checks.ts';
import type { Locale } from '../engine/locale.ts';
import type { FileTree } from '../engine/run-tree.ts';
import type { Results } from '../engine/results.ts';

export type RuntimeKind = 'webcontainer' | 'local';

export interface ServiceInfo {
  name: string;
  port: number;
  provided: boolean;
  failure?: string;
}

export interface HttpExchange {
  ok: boolean;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  durationMs?: number;
  error?: string;
}

export interface RequestSpec {
  service: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What Run's traffic view can show when an arrow is selected (bodies cut at 2 KB). */
export interface TrafficDetail {
  requestHeaders?: Record<string, string>;
  requestBody?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
}

export type ServiceState = 'running' | 'paused' | 'stopped';

export type RunEvent =
  | { type: 'log'; service: string; text: string }
  | { type: 'exit'; service: string; description: string }
  /** One exchange during Run (the learner's HTTP client is `from: "you"`); `startMs` since Run began. */
  | { type: 'traffic'; entry: TrafficEntry & { detail?: TrafficDetail } }
  /** Sent after every control action and whenever a service changes state. */
  | { type: 'state'; services: { name: string; state: ServiceState }[]; faults: ActiveFault[] }
  | { type: 'stopped' };

/**
 * What the Faults panel can do while the services run: the same fault model the checks use.
 * Serve mode reads it as `{"type":"control","id",...action}` on stdin and answers
 * `{"type":"control-result","id","ok","error"?,"services","faults"}`. `id` is the request's id, so
 * remove-fault's fault id travels as `faultId` on that line: build it with controlLine().
 */
export type ControlAction =
  | { action: 'kill' | 'restart' | 'pause' | 'resume'; service: string }
  | { action: 'fault'; service: string; fault: FaultSpec; scope?: FaultScope }
  | { action: 'remove-fault'; id: number }
  | { action: 'clear'; service?: string };

export interface ControlResult {
  ok: boolean;
  error?: string;
  services: { name: string; state: ServiceState }[];
  faults: ActiveFault[];
}

/** The learner's services, running. */
export interface RunningLab {
  services: ServiceInfo[];
  /** Set when nothing could start (the code does not compile…). */
  error?: string;
  request(spec: RequestSpec): Promise<HttpExchange>;
  /** Kill, restart, pause or resume a service, or change its inbound faults. */
  control(action: ControlAction): Promise<ControlResult>;
  stop(): Promise<void>;
}

export interface LabRuntime {
  readonly kind: RuntimeKind;
  /** Grades the files with the lab's public checks. */
  grade(labId: string, files: FileTree, locale: Locale): Promise<Results>;
  /** Starts the services; `onEvent` receives their output as it comes. */
  run(labId: string, files: FileTree, onEvent: (event: RunEvent) => void): Promise<RunningLab>;
}

/** The stdin line serve mode reads for a control action (`id` names the request; see ControlAction). */
export function controlLine(id: string, action: ControlAction): string {
  const { action: name, ...rest } = action as { action: string; id?: number } & Record<string, unknown>;
  const fields: Record<string, unknown> = { ...rest };
  if (name === 'remove-fault') {
    delete fields.id;
    fields.faultId = (action as { id: number }).id;
  }
  return JSON.stringify({ type: 'control', id, action: name, ...fields }) + '\n';
}

/** One JSON line from the grader's serve mode, or undefined for anything else a terminal printed. */
export function parseServeLine(line: string): Record<string, any> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed);
    return value && typeof value === 'object' && typeof value.type === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
