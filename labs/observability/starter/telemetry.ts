import { randomBytes } from 'node:crypto';

/*
 * The three signals orders gives its operators: metrics (Prometheus text format), trace context
 * (W3C traceparent) and one JSON log line per request. Every function here is a stub: fill them in.
 */

// ---------------------------------------------------------------- metrics

/** Upper bounds of the latency histogram's buckets, in seconds (Prometheus' default buckets). */
export const BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Records one handled request.
 * TODO: keep, per route and status, a count, a sum of durations (seconds) and a count per bucket.
 */
export function observe(route: string, status: number, seconds: number): void {
  void route;
  void status;
  void seconds;
}

/**
 * Everything in the Prometheus text format (version 0.0.4).
 * TODO: "# HELP" and "# TYPE" lines, then one line per series:
 *   http_requests_total{route="/availability/:sku",status="200"} 3
 *   http_request_duration_seconds_bucket{route="...",status="...",le="0.005"} 1   (one per bucket, cumulative, then le="+Inf")
 *   http_request_duration_seconds_sum{route="...",status="..."} 0.42
 *   http_request_duration_seconds_count{route="...",status="..."} 3
 */
export function renderMetrics(): string {
  return '';
}

// ---------------------------------------------------------------- trace context

export interface Span {
  traceId: string;
  /** This service's own span: the parent-id of every call it makes. */
  spanId: string;
  flags: string;
}

/** `bytes` random bytes as lower-case hex. */
export function randomId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * The span for one incoming request.
 * TODO: continue a valid incoming traceparent (keep its trace-id), start a new trace otherwise.
 *       Either way this request gets a new span id.
 */
export function startSpan(header: string | undefined): Span {
  void header;
  return { traceId: randomId(16), spanId: randomId(8), flags: '01' };
}

/** The traceparent header to send on a call made inside `span`. */
export function traceparent(span: Span): string {
  return `00-${span.traceId}-${span.spanId}-${span.flags}`;
}

// ---------------------------------------------------------------- logs

export interface RequestLog {
  method: string;
  path: string;
  route: string;
  status: number;
  durationMs: number;
  span: Span;
}

/**
 * Logs one request.
 * TODO: one JSON object per line, with at least "method", "path", "status" and "traceId".
 */
export function logRequest(entry: RequestLog): void {
  console.log(`${entry.method} ${entry.path} -> ${entry.status} in ${entry.durationMs.toFixed(1)} ms`);
}
