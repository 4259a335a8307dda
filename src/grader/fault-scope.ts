/** Which requests a fault or a traffic filter applies to (see FaultScope in src/engine/checks.ts). */
import type { FaultScope, FaultSpec, TrafficFilter } from '../engine/checks.ts';

/**
 * `path` without its query against a pattern: exact, or `*` within one segment, `**` any rest
 * (`/payments/*`, `/api/**`). A pattern without `*` matches that one path only.
 */
export function matchPath(pattern: string, path: string): boolean {
  const bare = path.split('?')[0]!;
  if (!pattern.includes('*')) return pattern === bare;
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${source}$`).test(bare);
}

export interface RequestFacts {
  method: string;
  path: string;
  from: string;
  to: string;
}

/** The fixed parts of a scope (method, path, from); `times` and `probability` are the book's job. */
export function inScope(scope: FaultScope, req: RequestFacts): boolean {
  if (scope.method && scope.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (scope.path && !matchPath(scope.path, req.path)) return false;
  if (scope.from && scope.from !== req.from) return false;
  return true;
}

export function matchesFilter(filter: TrafficFilter | undefined, entry: RequestFacts): boolean {
  if (!filter) return true;
  if (filter.from && filter.from !== entry.from) return false;
  if (filter.to && filter.to !== entry.to) return false;
  return inScope({ method: filter.method, path: filter.path }, entry);
}

/** Checks a scope's numbers, naming the field: a check author's mistake should say what is wrong. */
export function validateScope(scope: FaultScope): FaultScope {
  const clean: FaultScope = {};
  if (scope.method !== undefined) clean.method = String(scope.method).toUpperCase();
  if (scope.path !== undefined) {
    if (typeof scope.path !== 'string' || !scope.path.startsWith('/')) throw new Error(`fault scope: path must start with "/", got ${JSON.stringify(scope.path)}`);
    clean.path = scope.path;
  }
  if (scope.from !== undefined) clean.from = String(scope.from);
  if (scope.times !== undefined) {
    if (!Number.isInteger(scope.times) || scope.times < 1) throw new Error(`fault scope: times must be a whole number of at least 1, got ${scope.times}`);
    clean.times = scope.times;
  }
  if (scope.probability !== undefined) {
    if (typeof scope.probability !== 'number' || !(scope.probability >= 0 && scope.probability <= 1)) {
      throw new Error(`fault scope: probability must be between 0 and 1, got ${scope.probability}`);
    }
    clean.probability = scope.probability;
  }
  return clean;
}

/** Checks a fault's own numbers. */
export function validateFault(fault: FaultSpec): FaultSpec {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`fault ${fault.kind}: ${what}`);
  };
  const count = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  switch (fault.kind) {
    case 'latency':
      need(count(fault.ms), `ms must be a number of at least 0, got ${fault.ms}`);
      need(fault.jitterMs === undefined || count(fault.jitterMs), `jitterMs must be a number of at least 0, got ${fault.jitterMs}`);
      break;
    case 'slow-body':
      need(Number.isInteger(fault.bytesPerChunk) && fault.bytesPerChunk >= 1, `bytesPerChunk must be a whole number of at least 1, got ${fault.bytesPerChunk}`);
      need(count(fault.delayMs), `delayMs must be a number of at least 0, got ${fault.delayMs}`);
      break;
    case 'reset':
      need(['before', 'after-request', 'after-head'].includes(fault.when), `when must be before, after-request or after-head, got ${fault.when}`);
      break;
    case 'truncate':
      need(Number.isInteger(fault.bytes) && fault.bytes >= 0, `bytes must be a whole number of at least 0, got ${fault.bytes}`);
      break;
    case 'status':
      need(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599, `status must be an HTTP status (100-599), got ${fault.status}`);
      need(fault.body === undefined || typeof fault.body === 'string', 'body must be a string');
      break;
    case 'duplicate':
      need(fault.copies === undefined || (Number.isInteger(fault.copies) && fault.copies >= 1 && fault.copies <= 10), `copies must be a whole number from 1 to 10, got ${fault.copies}`);
      break;
    case 'blackhole':
      break;
    default:
      throw new Error(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
  }
  return fault;
}

/** How the traffic record names a fault: `latency 300ms`, `status 500`, `reset after-request`. */
export function describeFault(fault: FaultSpec): string {
  switch (fault.kind) {
    case 'latency':
      return fault.jitterMs ? `latency ${fault.ms}±${fault.jitterMs}ms` : `latency ${fault.ms}ms`;
    case 'slow-body':
      return `slow-body ${fault.bytesPerChunk}B/${fault.delayMs}ms`;
    case 'blackhole':
      return 'blackhole';
    case 'reset':
      return `reset ${fault.when}`;
    case 'truncate':
      return `truncate ${fault.bytes}B`;
    case 'status':
      return `status ${fault.status}`;
    case 'duplicate':
      return `duplicate x${fault.copies ?? 1}`;
  }
}
