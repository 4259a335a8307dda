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
  /**
   * About how long the check takes on a correct solution, in ms (default 0). With several lanes
   * the longest checks start first, so one long check does not start last and hold up the run;
   * the results keep the checks' order either way.
   */
  expectedMs?: number;
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
  /** The service that sent it (`"grader"` for a check's own requests). */
  from?: string;
}

/**
 * The callers from outside the lab, as traffic records and fault scopes name them: the checks'
 * own requests, and the learner's from the page's HTTP client in Run. No service may take these
 * names (the manifest refuses them), so a lab's own "client" service is never mistaken for either.
 */
export const GRADER_CALLER = 'grader';
export const LEARNER_CALLER = 'you';
export const OUTSIDE_CALLERS: readonly string[] = [GRADER_CALLER, LEARNER_CALLER];

/**
 * Which requests a fault applies to. Every field is optional; all given fields must match.
 * `path` is matched against the request's path without its query: an exact path, or a pattern
 * where `*` matches within one segment and `**` matches any rest (`/payments/*`, `/api/**`).
 * A fault without `from` applies to the service's peers only: the checks' own requests
 * (`"grader"`) and the learner's in Run (`"you"`) are faulted only by a fault scoped to them.
 * A request gets at most one latency and one other fault: the first matching of each, in the
 * order they were added.
 */
export interface FaultScope {
  method?: string;
  path?: string;
  /** Only requests sent by this service (`"grader"` for the checks' own). */
  from?: string;
  /** Apply to the next `times` matching requests only (then the fault is spent). */
  times?: number;
  /** Apply to each matching request with this probability (0..1), drawn from the run's seeded generator. */
  probability?: number;
}

/** A fault as the proxy holds it (what `active()` lists and the traffic record names). */
export type FaultSpec =
  | { kind: 'latency'; ms: number; jitterMs?: number }
  /** Forward, but send the response body `bytesPerChunk` bytes at a time with `delayMs` between chunks. */
  | { kind: 'slow-body'; bytesPerChunk: number; delayMs: number }
  /** Accept the request and never answer (the connection stays open until the caller gives up). */
  | { kind: 'blackhole' }
  /**
   * Reset the caller's connection. `before`: the request never reaches the service.
   * `after-request`: the service handled it (its effect happened), the response is lost.
   * `after-head`: the status line and headers arrive, then the connection is reset mid-body.
   */
  | { kind: 'reset'; when: 'before' | 'after-request' | 'after-head' }
  /** Forward, then cut the response body after `bytes` bytes (connection closed). */
  | { kind: 'truncate'; bytes: number }
  /** Answer `status` with `body` (JSON error by default) without forwarding. */
  | { kind: 'status'; status: number; body?: string }
  /** Deliver the request to the service `copies` extra times (default 1); the caller sees the first answer. */
  | { kind: 'duplicate'; copies?: number };

export interface ActiveFault {
  /** Unique within the run, for `remove()`. */
  id: number;
  /** The service whose inbound traffic it affects. */
  service: string;
  fault: FaultSpec;
  scope: FaultScope;
  /** How many requests it has hit so far. */
  hits: number;
}

/** Fault controls on the proxy in front of one service: what its peers see. */
export interface FaultControl {
  /** Delay requests by `ms` (plus or minus up to `jitterMs`, seeded) before they are forwarded. */
  latency(ms: number, scope?: FaultScope & { jitterMs?: number }): ActiveFault;
  /** Answer with `status` without forwarding. `times` (legacy form) limits it to the next N requests. */
  fail(status: number, scopeOrTimes?: number | (FaultScope & { body?: string })): ActiveFault;
  /** Reset the caller's connection (`when` defaults to `before`). A number is the legacy `times`. */
  reset(scopeOrTimes?: number | (FaultScope & { when?: 'before' | 'after-request' | 'after-head' })): ActiveFault;
  /** Accept and never answer. */
  blackhole(scope?: FaultScope): ActiveFault;
  /** Send the response body slowly. */
  slowBody(bytesPerChunk: number, delayMs: number, scope?: FaultScope): ActiveFault;
  /** Cut the response body after `bytes` bytes. */
  truncate(bytes: number, scope?: FaultScope): ActiveFault;
  /** Deliver each matching request `copies` extra times (default 1). */
  duplicate(scope?: FaultScope & { copies?: number }): ActiveFault;
  /** Remove one fault. */
  remove(fault: ActiveFault | number): void;
  /** Remove every fault on this service's inbound traffic. */
  clear(): void;
  /** The faults in force on this service, in the order they were added. */
  active(): readonly ActiveFault[];
  /** Requests that reached the proxy since the check began (faulted ones included). */
  readonly requests: readonly RecordedRequest[];
  readonly count: number;
}

/**
 * One exchange the grader saw: a check's request to a service, or one service's request to a peer
 * through the proxy (contract: `checks[].traffic` in the results document).
 */
export interface TrafficEntry {
  from: string;
  to: string;
  method: string;
  path: string;
  /** The status the caller received (absent when it got none). */
  status?: number;
  /**
   * What went wrong at the transport level: `timeout` (the caller gave up), `reset`, `refused` (the
   * service is down), `truncated`, `partition`, or `no answer yet` (still open when the check ended).
   */
  error?: string;
  /** The fault the grader applied, e.g. `latency 300ms`, `status 500`, `reset after-request`. */
  fault?: string;
  /** Milliseconds since the check started. */
  startMs: number;
  durationMs: number;
}

export interface TrafficFilter {
  from?: string;
  to?: string;
  method?: string;
  /** Same pattern rules as FaultScope.path. */
  path?: string;
}

/** The traffic of the running check, and numbers over it for budget assertions. */
export interface TrafficRecord {
  /** Every exchange so far in this check, oldest first, optionally filtered. */
  list(filter?: TrafficFilter): TrafficEntry[];
  count(filter?: TrafficFilter): number;
  /** The p-th percentile (0..100) of `durationMs` over the matching exchanges (0 when none). */
  percentile(p: number, filter?: TrafficFilter): number;
  /** Forget what was recorded so far in this check (to measure one phase). */
  reset(): void;
}

/** The network between the lab's services. */
export interface NetworkControl {
  /** Cut both directions between two services: their requests to each other are reset. */
  partition(a: string, b: string): void;
  /** Remove every partition. */
  heal(): void;
  /** Remove every fault on every service and every partition. */
  clearAll(): void;
  /** Every fault in force, on every service. */
  active(): readonly ActiveFault[];
}

export interface ServiceHandle {
  readonly name: string;
  /** Direct address of the service (no proxy). */
  readonly url: string;
  /** A proxied address of the service (each caller has its own edge: this is the first peer's). */
  readonly proxyUrl: string;
  readonly running: boolean;
  readonly paused: boolean;
  kill(): Promise<void>;
  /** Starts it again (its tmp folder is kept) and waits until it listens. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): a long GC pause or a hung host. */
  pause(): Promise<void>;
  /** Lets a paused process go on (SIGCONT). */
  resume(): Promise<void>;
  /** Sends a signal (e.g. `SIGTERM` for graceful shutdown checks); resolves once it was delivered. */
  signal(name: 'SIGTERM' | 'SIGINT' | 'SIGHUP'): Promise<void>;
  /** Resolves when the process has exited (or after `ms`, to false). */
  waitForExit(ms: number): Promise<boolean>;
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
  /** Fails unless `actual <= max`; the message cites both numbers and `what`. */
  atMost(actual: number, max: number, what: Localized, look?: Localized): void;
  /** Fails unless `actual >= min`. */
  atLeast(actual: number, min: number, what: Localized, look?: Localized): void;
}

export interface CheckContext {
  http(service?: string): HttpClient;
  service(name?: string): ServiceHandle;
  fault(service: string): FaultControl;
  network: NetworkControl;
  /** Every exchange of this check so far. */
  traffic: TrafficRecord;
  /** The run's seed (recorded in the results document) and a generator drawn from it. */
  seed: number;
  random(): number;
  /** The environment the manifest gave a service (its timing constants, say), with `ADVERTISED_URL` when it has `advertiseTo`. */
  env(service?: string): Readonly<Record<string, string>>;
  expect: Expect;
  sleep(ms: number): Promise<void>;
  /** Aborted when the check runs out of time. */
  signal: AbortSignal;
}
