/**
 * The API a lab's checks are written against. Types only: the grader implements it. A checks
 * file imports nothing at run time but the lab's own check-helpers.ts, so it runs in any host.
 *
 *   import type { Check } from '../../src/engine/checks.ts';
 *   export default [
 *     { id: 'health', title: 'GET /health answers 200', points: 1,
 *       async run({ http, expect }) {
 *         const res = await http('catalog').get('/health');
 *         expect.status(res, 200, 'the /health route');
 *       } },
 *   ] satisfies Check[];
 */
import type { Localized } from './locale.ts';

export interface Check {
  /** Stable id, unique in the lab (hidden checks included). */
  id: string;
  title: Localized;
  points: number;
  /** Time limit for this check; the lab's `limits.checkMs` when absent. */
  timeoutMs?: number;
  run(t: CheckContext): Promise<void>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A string body is sent as is; anything else is sent as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Client-side time limit for this request (default 2000 ms). */
  timeoutMs?: number;
}

export interface HttpResponse {
  method: string;
  path: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, otherwise undefined. */
  json: any;
  durationMs: number;
  /** A short description for messages: `201 {"id":"1",...}`. */
  summary: string;
}

export interface HttpClient {
  readonly url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse>;
  delete(path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** Like request, but a request that gets no answer resolves to `undefined` instead of failing the check. */
  attempt(method: string, path: string, options?: RequestOptions): Promise<HttpResponse | undefined>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  at: number;
}

/** Fault controls on the proxy in front of one service: what its peers see. */
export interface FaultControl {
  /** Delay every request by `ms` before it is forwarded. */
  latency(ms: number): void;
  /** Answer the next `times` requests (all when absent) with `status` without forwarding them. */
  fail(status: number, times?: number): void;
  /** Reset the connection of the next `times` requests (all when absent). */
  reset(times?: number): void;
  /** Remove every fault. */
  clear(): void;
  /** Requests that reached the proxy since the check began (faulted ones included). */
  readonly requests: readonly RecordedRequest[];
  readonly count: number;
}

export interface ServiceHandle {
  readonly name: string;
  /** Direct address of the service (no proxy). */
  readonly url: string;
  /** Address its peers use (through the fault proxy). */
  readonly proxyUrl: string;
  readonly running: boolean;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Everything the service printed so far. */
  logs(): string;
}

/**
 * Assertions. Every text a check passes (`look`, `what`, `message`) may be one string or
 * `{ en: '…', 'zh-cn': '…' }`: the learner reads it in the page's language, and the grader's own
 * words around it ("expected status 200, got …") are in that language too.
 */
export interface Expect {
  /** Fails unless `res.status === status`. `look` tells the learner where to look. */
  status(res: HttpResponse, status: number | number[], look?: Localized): void;
  /** Deep equality, with `what` naming the value in the message. */
  equal(actual: unknown, expected: unknown, what: Localized, look?: Localized): void;
  /** Fails with `message` unless `condition` holds. */
  ok(condition: unknown, message: Localized): void;
  /** Fails with `message` when `value` is undefined or null; returns it otherwise (typed as present). */
  defined<T>(value: T | undefined | null, message: Localized): T;
  /** Fails unless the response is JSON; returns the parsed body. */
  json(res: HttpResponse, look?: Localized): any;
  fail(message: Localized): never;
}

export interface CheckContext {
  http(service?: string): HttpClient;
  service(name?: string): ServiceHandle;
  fault(service: string): FaultControl;
  expect: Expect;
  sleep(ms: number): Promise<void>;
  /** Aborted when the check runs out of time. */
  signal: AbortSignal;
}
