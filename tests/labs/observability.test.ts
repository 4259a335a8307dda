import { describe, expect, test } from 'vitest';
import { soak } from '../../src/cli/soak.ts';
import { describeLab, loadLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Variants = {
  // Public checks.
  // Liveness that fails.
  'health-and-ready': { file: 'orders.ts', replacements: [["if (route === '/health') return [200, { status: 'ok' }];", "if (route === '/health') return [500, { status: 'ok' }];"]] },
  // An unreachable stock still counts as ready.
  'ready-follows-stock': {
    file: 'orders.ts',
    replacements: [["return [503, { status: 'not ready', reason: `stock could not be reached", "return [200, { status: 'not ready', reason: `stock could not be reached"]],
  },
  // /metrics sent as JSON.
  'metrics-format': { file: 'orders.ts', replacements: [["'text/plain; version=0.0.4; charset=utf-8'", "'application/json'"]] },
  // Failed requests are not counted.
  'request-counter': { file: 'orders.ts', replacements: [["if (route !== '/metrics') observe(", "if (route !== '/metrics' && status < 400) observe("]] },
  // Milliseconds recorded as seconds.
  'latency-histogram': { file: 'orders.ts', replacements: [['observe(route, status, durationMs / 1000)', 'observe(route, status, durationMs)']] },
  // The caller's parent-id passed on instead of a span id of orders' own.
  'traceparent-propagated': {
    file: 'telemetry.ts',
    replacements: [['return { traceId: match[2]!, spanId: randomId(8), flags: match[4]! };', 'return { traceId: match[2]!, spanId: match[3]!, flags: match[4]! };']],
  },
  // An all-zero trace-id accepted.
  'traceparent-restarted': { file: 'telemetry.ts', replacements: [["&& !/^0+$/.test(match[2]!) ", '']] },
  // The trace id logged under another name.
  'json-log-lines': { file: 'telemetry.ts', replacements: [['traceId: entry.span.traceId,', 'trace: entry.span.traceId,']] },
  // Hidden checks.
  // Version ff accepted.
  'traceparent-edge-cases': { file: 'telemetry.ts', replacements: [["match[1] !== 'ff' && ", '']] },
  // The readiness probe waits 5 s for stock.
  'ready-timeout': { file: 'orders.ts', replacements: [["callStock('/health', span, READY_TIMEOUT_MS)", "callStock('/health', span, 5000)"]] },
  // Only successful requests are logged.
  'log-on-failure': { file: 'orders.ts', replacements: [['  logRequest({ method,', '  if (status < 500) logRequest({ method,']] },
};

describeLab('observability', {
  variants,
  starter(results) {
    // The starter serves its routes: liveness and readiness answer, the rest is to be built.
    expect(results.checks.find((c) => c.id === 'health-and-ready')?.status).toBe('pass');
    expect(results.checks.filter((c) => c.status === 'pass').length).toBe(1);
  },
});

describe('observability soak', () => {
  test('the solution passes every check, hidden included, in 3 runs with fixed seeds', async () => {
    const lab = loadLab('observability');
    const report = await soak(lab, lab.solution, { runs: 3, seed: 1200, hidden: true });
    expect(report.checks.filter((c) => c.passed < c.runs).map((c) => `${c.id}: ${c.failures[0]?.message}`)).toEqual([]);
  }, 120_000);
});

// On the WebContainer host (the strict double), with the metrics parser shipped beside the checks:
// tests/webcontainer/labs.test.ts runs every lab there.
