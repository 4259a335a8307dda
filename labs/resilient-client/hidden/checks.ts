import type { Check, CheckContext, HttpResponse, RecordedRequest } from '../../../src/engine/checks.ts';

// A checks file imports nothing at run time: these helpers repeat the public checks' ones.
const SKU = 'teapot';
const AVAILABILITY = `/orders/availability/${SKU}`;
const OPEN_MS = 1000; // BREAKER_OPEN_MS in lab.json
const SETTLE_MS = 2500;

async function settle(t: CheckContext): Promise<number> {
  const started = Date.now();
  let last: HttpResponse | undefined;
  while (Date.now() - started < SETTLE_MS) {
    last = await t.http('orders').attempt('GET', AVAILABILITY);
    if (last?.status === 200 && last.json?.degraded !== true && typeof last.json?.available === 'number') {
      return t.fault('inventory').count;
    }
    await t.sleep(100);
  }
  t.expect.fail(
    `Before this check, inventory is healthy again, so once your breaker's open interval (BREAKER_OPEN_MS = ${OPEN_MS} ms) ` +
      `has passed, GET ${AVAILABILITY} should answer 200 {"sku": "${SKU}", "available": <number>, "degraded": false}. ` +
      `After ${SETTLE_MS} ms it still answered ${last?.summary ?? 'nothing'}. ` +
      `Look at the half-open state of your breaker: after the open interval it must let one trial call through and close when it succeeds.`,
  );
}

function callsSince(t: CheckContext, base: number): readonly RecordedRequest[] {
  return t.fault('inventory').requests.slice(base);
}

function list(calls: readonly RecordedRequest[]): string {
  return calls.length === 0 ? 'none' : calls.map((c) => `${c.method} ${c.path}`).join(', ');
}

function expectDegraded(t: CheckContext, res: HttpResponse, why: string): void {
  t.expect.status(res, 200, `the fallback of GET /orders/availability/:sku (${why}): it answers 200 {"sku", "available": null, "degraded": true}`);
  const body = t.expect.json(res, 'the fallback of GET /orders/availability/:sku: send JSON');
  t.expect.ok(
    body.degraded === true && body.available === null && body.sku === SKU,
    `GET ${res.path} (${why}): expected the fallback {"sku": "${SKU}", "available": null, "degraded": true}, got ${res.summary}. ` +
      `Look at the catch around the call to inventory in GET /orders/availability/:sku.`,
  );
}

const checks: Check[] = [
  {
    id: 'timeout-not-too-short',
    title: {
      en: 'An inventory answering in 150 ms is not cut off',
      'zh-cn': 'inventory 150 ms 内应答时不会被超时打断',
    },
    points: 1,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').latency(150);
      const res = await t.http('orders').get(AVAILABILITY);
      const calls = callsSince(t, base);
      t.expect.status(res, 200, 'the GET /orders/availability/:sku route');
      t.expect.ok(
        res.json?.degraded === false && typeof res.json?.available === 'number' && calls.length === 1,
        `GET ${AVAILABILITY} while inventory answers after 150 ms, well inside the 300 ms limit: expected a normal answer after one call, ` +
          `got ${res.summary} after ${calls.length} call(s): ${list(calls)}. Look at your timeout: it should be 300 ms per call, not less.`,
      );
    },
  },
  {
    id: 'client-error-not-retried',
    title: {
      en: 'A 404 from inventory is passed on: not retried, not a failure for the breaker',
      'zh-cn': 'inventory 的 404 原样转交：不重试，也不算熔断器的失败',
    },
    points: 2,
    async run(t) {
      await settle(t);
      for (let i = 1; i <= 6; i++) {
        const before = t.fault('inventory').count;
        const res = await t.http('orders').get('/orders/availability/no-such-sku');
        const calls = callsSince(t, before);
        t.expect.ok(
          calls.length === 1,
          `GET /orders/availability/no-such-sku (request ${i} of 6), inventory answers 404: expected exactly one call to inventory, got ${calls.length}: ${list(calls)}. ` +
            (calls.length > 1
              ? 'A 4xx is an answer, not a failure: do not retry it.'
              : 'A 4xx is an answer, not a failure: it must not count toward opening the breaker (only timeouts, connection errors and 5xx do).'),
        );
        t.expect.status(res, 404, 'what GET /orders/availability/:sku does with a 4xx from inventory: pass the status and its JSON error on');
        t.expect.json(res, 'the 404 answer: pass on inventory\'s {"error": "..."}');
      }
    },
  },
  {
    id: 'order-timeout',
    title: {
      en: 'POST /orders on a slow inventory: one call cut at 300 ms, then 503',
      'zh-cn': 'inventory 变慢时 POST /orders：一次调用在 300 ms 时中断，返回 503',
    },
    points: 1,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').latency(3000);
      const res = await t.http('orders').post('/orders', { sku: 'cup', quantity: 1 }, { timeoutMs: 6000 });
      t.expect.ok(
        res.durationMs < 1000,
        `POST /orders while inventory takes 3000 ms to answer: expected an answer within 1000 ms, got one after ${Math.round(res.durationMs)} ms (${res.summary}). ` +
          `Look at the time limit of the POST /reservations call: 300 ms, like every call to inventory.`,
      );
      const calls = callsSince(t, base);
      t.expect.ok(
        calls.length === 1,
        `POST /orders while inventory is slow: expected exactly one call to inventory (a timed-out reservation must not be retried), got ${calls.length}: ${list(calls)}.`,
      );
      t.expect.status(res, 503, 'the catch around POST /reservations in POST /orders: a timeout answers 503 {"error": "..."}');
    },
  },
  {
    id: 'inventory-down',
    title: {
      en: 'A dead inventory gets fast fallbacks, not a hang or a crash',
      'zh-cn': 'inventory 宕机时快速降级，而不是卡住或崩溃',
    },
    points: 2,
    async run(t) {
      await settle(t);
      await t.service('inventory').kill();
      const res = t.expect.defined(
        await t.http('orders').attempt('GET', AVAILABILITY, { timeoutMs: 3000 }),
        `GET ${AVAILABILITY} while the inventory process is down: orders gave no answer (or its process stopped). ` +
          `Look at the catch around the call: a refused or reset connection makes fetch reject, and that is a failure like any other.`,
      );
      t.expect.ok(
        res.durationMs < 1500,
        `GET ${AVAILABILITY} while inventory is down: expected an answer within 1500 ms, got one after ${Math.round(res.durationMs)} ms. Look at your timeout and retries.`,
      );
      expectDegraded(t, res, 'the inventory process is down');
      const order = t.expect.defined(
        await t.http('orders').attempt('POST', '/orders', { body: { sku: 'cup', quantity: 1 }, timeoutMs: 3000 }),
        'POST /orders while the inventory process is down: orders gave no answer (or its process stopped). Look at the catch around POST /reservations.',
      );
      t.expect.status(order, 503, 'the catch around POST /reservations in POST /orders: a connection error answers 503 {"error": "..."}');
    },
  },
  {
    id: 'backoff-spacing',
    title: {
      en: 'Retries wait 50 ms, then 100 ms (backoff)',
      'zh-cn': '重试前依次等待 50 ms 和 100 ms（退避）',
    },
    points: 2,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').fail(500, 2);
      const res = await t.http('orders').get(AVAILABILITY);
      const calls = callsSince(t, base);
      t.expect.ok(calls.length === 3, `GET ${AVAILABILITY} while inventory answers 500 twice: expected 3 calls to inventory, got ${calls.length}: ${list(calls)}. Look at your retry loop.`);
      t.expect.status(res, 200, 'the GET /orders/availability/:sku route');
      const first = calls[1]!.at - calls[0]!.at;
      const second = calls[2]!.at - calls[1]!.at;
      t.expect.ok(
        first >= 45 && second >= 90,
        `GET ${AVAILABILITY} while inventory answers 500 twice: the retries reached inventory ${first} ms and ${second} ms after the previous call; ` +
          `expected waits of 50 ms before the first retry and 100 ms before the second. Look at the sleep between attempts in your retry loop.`,
      );
    },
  },
  {
    id: 'half-open-trial-fails',
    title: {
      en: 'A failed trial call opens the breaker again at once',
      'zh-cn': '试探调用失败时熔断器立即重新打开',
    },
    points: 2,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').fail(500);
      for (let i = 1; i <= 2; i++) {
        expectDegraded(t, await t.http('orders').get(AVAILABILITY), `inventory answers 500 to every call, request ${i} of 2`);
      }
      let calls = callsSince(t, base);
      t.expect.ok(calls.length === 5, `Two GET ${AVAILABILITY} while inventory answers 500 should make 5 calls and open the breaker, got ${calls.length}: ${list(calls)}. Look at your breaker's threshold (5 failed calls in a row).`);
      await t.sleep(OPEN_MS + 200);
      const opened = t.fault('inventory').count;
      expectDegraded(t, await t.http('orders').get(AVAILABILITY), 'the trial call failed');
      calls = callsSince(t, opened);
      t.expect.ok(
        calls.length === 1,
        `After the open interval, with inventory still failing, GET ${AVAILABILITY} should make exactly one trial call, see it fail and open the breaker again, ` +
          `got ${calls.length} calls: ${list(calls)}. Look at the half-open state: only one trial call, and its failure opens the breaker without waiting for 5 failures.`,
      );
      expectDegraded(t, await t.http('orders').get(AVAILABILITY), 'the breaker opened again');
      calls = callsSince(t, opened);
      t.expect.ok(
        calls.length === 1,
        `Right after a failed trial call the breaker is open again: the next GET ${AVAILABILITY} should not reach inventory, but ${calls.length - 1} more call(s) did: ${list(calls)}. ` +
          `Look at what a failed trial does: state open, openedAt = now.`,
      );
    },
  },
];

export default checks;
