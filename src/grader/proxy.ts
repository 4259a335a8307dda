/**
 * The fault controls a check gets for one service (`t.fault(name)`): what its peers see on the
 * way in. The faults live in the run's FaultBook; the edge proxies in front of the service apply them.
 */
import type { ActiveFault, FaultControl, FaultScope, RecordedRequest } from '../engine/checks.ts';
import type { FaultBook } from './fault-book.ts';

type Times = number | undefined;

/** The legacy `fail(500, 2)` / `reset(3)` forms: a number is `times`; Infinity means no limit. */
function scopeOf<T extends FaultScope>(scopeOrTimes: Times | T): T | FaultScope {
  if (typeof scopeOrTimes === 'number') return Number.isFinite(scopeOrTimes) ? { times: scopeOrTimes } : {};
  return scopeOrTimes ?? {};
}

function bare<T extends FaultScope>(scope: T): FaultScope {
  const { method, path, from, times, probability } = scope;
  const out: FaultScope = {};
  if (method !== undefined) out.method = method;
  if (path !== undefined) out.path = path;
  if (from !== undefined) out.from = from;
  if (times !== undefined) out.times = times;
  if (probability !== undefined) out.probability = probability;
  return out;
}

export class ServiceFaults implements FaultControl {
  private recorded: RecordedRequest[] = [];
  readonly service: string;
  private readonly book: FaultBook;

  constructor(service: string, book: FaultBook) {
    this.service = service;
    this.book = book;
  }

  latency(ms: number, scope: FaultScope & { jitterMs?: number } = {}): ActiveFault {
    return this.book.add(this.service, { kind: 'latency', ms, ...(scope.jitterMs ? { jitterMs: scope.jitterMs } : {}) }, bare(scope));
  }
  fail(status: number, scopeOrTimes?: number | (FaultScope & { body?: string })): ActiveFault {
    const scope = scopeOf(scopeOrTimes) as FaultScope & { body?: string };
    return this.book.add(this.service, { kind: 'status', status, ...(scope.body !== undefined ? { body: scope.body } : {}) }, bare(scope));
  }
  reset(scopeOrTimes?: number | (FaultScope & { when?: 'before' | 'after-request' | 'after-head' })): ActiveFault {
    const scope = scopeOf(scopeOrTimes) as FaultScope & { when?: 'before' | 'after-request' | 'after-head' };
    return this.book.add(this.service, { kind: 'reset', when: scope.when ?? 'before' }, bare(scope));
  }
  blackhole(scope: FaultScope = {}): ActiveFault {
    return this.book.add(this.service, { kind: 'blackhole' }, bare(scope));
  }
  slowBody(bytesPerChunk: number, delayMs: number, scope: FaultScope = {}): ActiveFault {
    return this.book.add(this.service, { kind: 'slow-body', bytesPerChunk, delayMs }, bare(scope));
  }
  truncate(bytes: number, scope: FaultScope = {}): ActiveFault {
    return this.book.add(this.service, { kind: 'truncate', bytes }, bare(scope));
  }
  duplicate(scope: FaultScope & { copies?: number } = {}): ActiveFault {
    return this.book.add(this.service, { kind: 'duplicate', ...(scope.copies !== undefined ? { copies: scope.copies } : {}) }, bare(scope));
  }
  remove(fault: ActiveFault | number): void {
    this.book.remove(fault);
  }
  clear(): void {
    this.book.clear(this.service);
  }
  active(): readonly ActiveFault[] {
    return this.book.active(this.service);
  }

  /** Called by the edge proxies for every request that reaches them. */
  record(request: RecordedRequest): void {
    if (this.recorded.length < 20_000) this.recorded.push(request);
  }
  /** Forget recorded requests: before every check. */
  renew(): void {
    this.recorded = [];
  }
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }
  get count(): number {
    return this.recorded.length;
  }
}
