import { expect } from 'vitest';
import { describeLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Variants = {
  // Public checks.
  'availability-happy-path': {
    file: 'orders.ts',
    replacements: [['available: answer.body.available, degraded: false', 'available: answer.body.available - 1, degraded: false']],
  },
  'order-happy-path': {
    file: 'orders.ts',
    replacements: [['sendJson(res, 201, { sku, quantity, reservationId: id })', 'sendJson(res, 200, { sku, quantity, reservationId: id })']],
  },
  // No time limit on the calls.
  'timeout-fallback': { file: 'orders.ts', replacements: [['signal: AbortSignal.timeout(timeoutMs),', 'signal: undefined,']] },
  // Only one retry.
  'retry-then-succeed': { file: 'resilience.ts', replacements: [[".split(',').map(Number);", ".split(',').map(Number).slice(0, 1);"]] },
  // Three retries.
  'retries-bounded': { file: 'resilience.ts', replacements: [[".split(',').map(Number);", ".split(',').map(Number).concat([20]);"]] },
  // The reservation goes through the retry helper.
  'order-not-retried': {
    file: 'orders.ts',
    replacements: [["answer = await callInventory('POST', '/reservations', order);", "answer = await withRetries(() => callInventory('POST', '/reservations', order));"]],
  },
  // A threshold the checks never reach.
  'breaker-opens': { file: 'resilience.ts', replacements: [['export const FAILURE_THRESHOLD = 5;', 'export const FAILURE_THRESHOLD = 50;']] },
  // The breaker stays open 4 s instead of BREAKER_OPEN_MS.
  'breaker-recovers': {
    file: 'resilience.ts',
    replacements: [['if (Date.now() - this.openedAt < OPEN_MS) throw', 'if (Date.now() - this.openedAt < OPEN_MS * 4) throw']],
  },
  // Hidden checks.
  // A time limit shorter than the one configured (a quarter of it).
  'timeout-not-too-short': {
    file: 'resilience.ts',
    replacements: [['export const CALL_TIMEOUT_MS = Number(process.env.CALL_TIMEOUT_MS ?? 300);', 'export const CALL_TIMEOUT_MS = Number(process.env.CALL_TIMEOUT_MS ?? 300) / 4;']],
  },
  // A 404 treated as a failure: retried and counted by the breaker.
  'client-error-not-retried': {
    file: 'orders.ts',
    replacements: [['if (response.status >= 500) throw new UpstreamError', 'if (!response.ok) throw new UpstreamError']],
  },
  // The reservation call gets a long time limit.
  'order-timeout': {
    file: 'orders.ts',
    replacements: [["callInventory('POST', '/reservations', order)", "callInventory('POST', '/reservations', order, 5000)"]],
  },
  // A connection error (fetch rejects with a TypeError) escapes the handler and crashes orders.
  'inventory-down': {
    file: 'orders.ts',
    replacements: [
      ['console.log(`availability of ${sku}: degraded answer', "if ((error as Error).name === 'TypeError') throw error;\n      console.log(`availability of ${sku}: degraded answer"],
    ],
  },
  // Retries without waiting.
  'backoff-spacing': { file: 'resilience.ts', replacements: [['await sleep(delays[attempt]!);', 'await sleep(0);']] },
  // After the open interval the breaker simply closes: a failing trial gets retried, 3 calls.
  'half-open-trial-fails': {
    file: 'resilience.ts',
    replacements: [["this.moveTo('half-open');", "this.failures = 0;\n      this.moveTo('closed');"]],
  },
};

describeLab('resilient-client', {
  variants,
  // About 3 s a run here, hidden checks included: 8 runs keep the test under half a minute on 2 cores.
  soakRuns: 8,
  traffic(results) {
    const calls = (id: string) => results.checks.find((c) => c.id === id)!.traffic.filter((e) => e.from === 'orders' && e.to === 'inventory');
    // Two injected 500s, then the retry that succeeds: the last three calls of the check.
    expect(calls('retry-then-succeed').slice(-3).map((e) => [e.status, e.fault])).toEqual([
      [500, 'status 500'],
      [500, 'status 500'],
      [200, undefined],
    ]);
    // Every call of the slow check was cut by orders' own time limit.
    const slow = calls('timeout-fallback').filter((e) => e.fault);
    expect(slow.length).toBeGreaterThanOrEqual(1);
    expect(slow.every((e) => e.fault === 'latency 3000ms' && e.error === 'timeout')).toBe(true);
  },
  starter(results) {
    // It does the happy path: only the resilience is missing.
    for (const id of ['availability-happy-path', 'order-happy-path']) {
      expect(results.checks.find((c) => c.id === id)?.status, `${id} should pass on the starter`).toBe('pass');
    }
  },
});
