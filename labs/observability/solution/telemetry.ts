import { randomBytes } from 'node:crypto';

/*
 * The three signals orders gives its operators: metrics (Prometheus text format), trace context
 * (W3C traceparent) and one JSON log line per request.
 */

// ---------------------------------------------------------------- metrics

/** Upper bounds of the latency histogram's buckets, in seconds (Prometheus' default buckets). */
export const BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  route: string;
  status: string;
  /** Requests with this route and status. */
  count: number;
  /** Their durations added up, in seconds. */
  sum: number;
  /** perBucket[i]: requests that took at most BUCKETS[i] seconds (not cumulative here). */
  perBucket: number[];
}

const series = new Map<string, Series>();

/** Records one handled request: the counter and the histogram move together. */
export function observe(route: string, status: number, seconds: number): void {
  const key = `${route} ${status}`;
  let s = series.get(key);
  if (!s) {
    s = { route, status: String(status), count: 0, sum: 0, perBucket: BUCKETS.map(() => 0) };
    series.set(key, s);
  }
  s.count++;
  s.sum += seconds;
  const i = BUCKETS.findIndex((le) => seconds <= le);
  if (i >= 0) s.perBucket[i]!++;
}

/** A label value as the text format wants it: backslash, double quote and newline escaped. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(s: Series, extra = ''): string {
  return `{route="${labelValue(s.route)}",status="${s.status}"${extra}}`;
}

/** Everything in the Prometheus text format (version 0.0.4): HELP and TYPE, then the samples. */
export function renderMetrics(): string {
  const lines = [
    '# HELP http_requests_total Requests handled, by route and status.',
    '# TYPE http_requests_total counter',
  ];
  for (const s of series.values()) lines.push(`http_requests_total${labels(s)} ${s.count}`);
  lines.push(
    '# HELP http_request_duration_seconds Time to handle a request, by route and status.',
    '# TYPE http_request_duration_seconds histogram',
  );
  for (const s of series.values()) {
    let cumulative = 0;
    BUCKETS.forEach((le, i) => {
      cumulative += s.perBucket[i]!;
      lines.push(`http_request_duration_seconds_bucket${labels(s, `,le="${le}"`)} ${cumulative}`);
    });
    lines.push(`http_request_duration_seconds_bucket${labels(s, ',le="+Inf"')} ${s.count}`);
    lines.push(`http_request_duration_seconds_sum${labels(s)} ${s.sum}`);
    lines.push(`http_request_duration_seconds_count${labels(s)} ${s.count}`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- trace context

/** version-traceid-parentid-flags, lower-case hex (W3C Trace Context, section 3.2). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface Span {
  traceId: string;
  /** This service's own span: the parent-id of every call it makes. */
  spanId: string;
  flags: string;
}

function randomId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(id)) return id; // all zeros is invalid
  }
}

/**
 * The span for one incoming request. A valid traceparent continues its trace; a missing or
 * invalid one (bad format, version ff, an all-zero trace-id or parent-id) is ignored and a new
 * trace starts here, so a broken header is never passed on.
 */
export function startSpan(header: string | undefined): Span {
  const match = header === undefined ? null : TRACEPARENT.exec(header.trim());
  if (match && match[1] !== 'ff' && !/^0+$/.test(match[2]!) && !/^0+$/.test(match[3]!)) {
    return { traceId: match[2]!, spanId: randomId(8), flags: match[4]! };
  }
  return { traceId: randomId(16), spanId: randomId(8), flags: '01' };
}

/** The header to send on a call made inside `span`. */
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

/** One JSON object per line on stdout: what a log collector can parse and search by trace id. */
export function logRequest(entry: RequestLog): void {
  console.log(
    JSON.stringify({
      time: new Date().toISOString(),
      level: entry.status >= 500 ? 'error' : 'info',
      msg: 'request',
      method: entry.method,
      path: entry.path,
      route: entry.route,
      status: entry.status,
      durationMs: Math.round(entry.durationMs * 10) / 10,
      traceId: entry.span.traceId,
      spanId: entry.span.spanId,
    }),
  );
}
