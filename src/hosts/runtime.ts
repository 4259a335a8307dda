/**
 * What the in-page lab needs from a host, whichever it is (WebContainer in the browser, or the
 * local lab server behind `npm start`). No DOM and no Node imports: both sides use these types.
 */
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

export type RunEvent =
  | { type: 'log'; service: string; text: string }
  | { type: 'exit'; service: string; description: string }
  | { type: 'stopped' };

/** The learner's services, running. */
export interface RunningLab {
  services: ServiceInfo[];
  /** Set when nothing could start (the code does not compile…). */
  error?: string;
  request(spec: RequestSpec): Promise<HttpExchange>;
  stop(): Promise<void>;
}

export interface LabRuntime {
  readonly kind: RuntimeKind;
  /** Grades the files with the lab's public checks. */
  grade(labId: string, files: FileTree, locale: Locale): Promise<Results>;
  /** Starts the services; `onEvent` receives their output as it comes. */
  run(labId: string, files: FileTree, onEvent: (event: RunEvent) => void): Promise<RunningLab>;
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
