import type { Check, CheckContext, HttpResponse, RecordedRequest } from '../../src/engine/checks.ts';

/** The lab's numbers (README): keep them in step with lab.json and the README. */
const SKU = 'teapot';
const AVAILABILITY = `/orders/availability/${SKU}`;
const OPEN_MS = 1000; // BREAKER_OPEN_MS in lab.json
const SETTLE_MS = 2500;

/**
 * The orders service is not restarted between checks, so its breaker remembers the previous
 * check. With inventory healthy, wait until a GET answers normally again (at most one open
 * interval), which also resets the failure count. Returns how many requests reached inventory
 * so far: count calls from there.
 */
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

/** Requests that reached inventory since `base`. */
function callsSince(t: CheckContext, base: number): readonly RecordedRequest[] {
  return t.fault('inventory').requests.slice(base);
}

function list(calls: readonly RecordedRequest[]): string {
  return calls.length === 0 ? 'none' : calls.map((c) => `${c.method} ${c.path}`).join(', ');
}

/** What inventory itself says (direct, not through the proxy: not counted). */
async function realStock(t: CheckContext, sku = SKU): Promise<number> {
  const res = await t.http('inventory').get(`/stock/${sku}`);
  t.expect.status(res, 200, 'the inventory service (provided by the lab): it should not fail here; try the check again');
  return res.json.available;
}

/** Asserts the fallback answer of GET /orders/availability/<sku>. */
function expectDegraded(t: CheckContext, res: HttpResponse, why: string): void {
  t.expect.status(res, 200, `the fallback of GET /orders/availability/:sku (${why}): it answers 200 {"sku", "available": null, "degraded": true}`);
  const body = t.expect.json(res, 'the fallback of GET /orders/availability/:sku: send JSON');
  t.expect.ok(
    body.degraded === true && body.available === null && body.sku === SKU,
    `GET ${res.path} (${why}): expected the fallback {"sku": "${SKU}", "available": null, "degraded": true}, got ${res.summary}. ` +
      `Look at the catch around the call to inventory in GET /orders/availability/:sku.`,
  );
}

/** Asserts a normal answer of GET /orders/availability/<sku> carrying inventory's number. */
function expectNormal(t: CheckContext, res: HttpResponse, available: number, why: string, look: string): void {
  t.expect.status(res, 200, look);
  const body = t.expect.json(res, 'GET /orders/availability/:sku: send JSON');
  t.expect.ok(
    body.degraded === false && body.available === available && body.sku === SKU,
    `GET ${res.path} (${why}): expected {"sku": "${SKU}", "available": ${available}, "degraded": false}, got ${res.summary}. Look at ${look}.`,
  );
}

/** Makes the breaker open: inventory fails every call, and two GETs make 3 + 2 = 5 failed calls. */
async function openBreaker(t: CheckContext, base: number): Promise<void> {
  t.fault('inventory').fail(500);
  for (let i = 1; i <= 2; i++) {
    const res = await t.http('orders').get(AVAILABILITY);
    expectDegraded(t, res, `inventory answers 500 to every call, request ${i} of 2`);
  }
  const calls = callsSince(t, base);
  t.expect.ok(
    calls.length === 5,
    `While inventory answers 500 to every call, two GET ${AVAILABILITY} should make exactly 5 calls to inventory ` +
      `(3 for the first request; 2 for the second, after which 5 failures in a row open the breaker and the third attempt is refused), ` +
      `got ${calls.length}: ${list(calls)}. ` +
      (calls.length > 5
        ? 'Look at your breaker: every failed call counts, retries included, and the 5th failure in a row opens it.'
        : 'Look at your retries (at most 2 per GET) and at the failure threshold (5 failed calls in a row).'),
  );
}

const checks: Check[] = [
  {
    id: 'availability-happy-path',
    title: {
      en: 'GET /orders/availability/<sku> passes inventory\'s stock through with one call',
      'zh-cn': 'GET /orders/availability/<sku> 用一次调用转发库存数量',
    },
    points: 2,
    async run(t) {
      const available = await realStock(t);
      const res = await t.http('orders').get(AVAILABILITY);
      expectNormal(t, res, available, 'inventory is healthy', 'the GET /orders/availability/:sku route: it calls GET /stock/<sku> on INVENTORY_URL');
      const calls = callsSince(t, 0);
      t.expect.ok(
        calls.length === 1 && calls[0]!.method === 'GET' && calls[0]!.path === `/stock/${SKU}`,
        `GET ${AVAILABILITY} with a healthy inventory: expected exactly one call, GET /stock/${SKU}, to reach inventory, got ${calls.length}: ${list(calls)}. ` +
          `Look at how the route calls inventory (through process.env.INVENTORY_URL).`,
      );
    },
  },
  {
    id: 'order-happy-path',
    title: {
      en: 'POST /orders reserves the stock once and answers 201',
      'zh-cn': 'POST /orders 只预留一次库存并返回 201',
    },
    points: 1,
    async run(t) {
      const before = await realStock(t, 'cup');
      const base = t.fault('inventory').count;
      const res = await t.http('orders').post('/orders', { sku: 'cup', quantity: 2 });
      t.expect.status(res, 201, 'the POST /orders route: when inventory answers 201, answer 201 {"sku", "quantity", "reservationId"}');
      const body = t.expect.json(res, 'the POST /orders answer: send JSON');
      t.expect.equal(body.sku, 'cup', 'the "sku" of the order', 'the body POST /orders sends back');
      t.expect.equal(body.quantity, 2, 'the "quantity" of the order', 'the body POST /orders sends back');
      t.expect.ok(
        typeof body.reservationId === 'string' && body.reservationId.length > 0,
        `POST /orders: expected a "reservationId" (the "id" inventory gave the reservation), got ${res.summary}. Look at the answer of POST /reservations.`,
      );
      const calls = callsSince(t, base);
      t.expect.ok(
        calls.length === 1 && calls[0]!.method === 'POST' && calls[0]!.path === '/reservations',
        `POST /orders: expected exactly one call, POST /reservations, to reach inventory, got ${calls.length}: ${list(calls)}. Look at the POST /orders route.`,
      );
      const after = await realStock(t, 'cup');
      t.expect.equal(before - after, 2, 'the stock of "cup" reserved by one order of 2', 'the body you forward to POST /reservations');
    },
  },
  {
    id: 'timeout-fallback',
    title: {
      en: 'A slow inventory gets a degraded answer within 1800 ms',
      'zh-cn': 'inventory 变慢时，1800 ms 内给出降级应答',
    },
    points: 3,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').latency(3000);
      const res = await t.http('orders').get(AVAILABILITY, { timeoutMs: 6000 });
      t.expect.ok(
        res.durationMs < 1800,
        `GET ${AVAILABILITY} while inventory takes 3000 ms to answer: expected an answer within 1800 ms, got one after ${Math.round(res.durationMs)} ms (${res.summary}). ` +
          `Each call to inventory must be cut after 300 ms, so even 3 calls with 50 + 100 ms of backoff end within about 1050 ms. ` +
          `Look at the fetch to inventory: give it signal: AbortSignal.timeout(300).`,
      );
      expectDegraded(t, res, 'every call to inventory timed out');
      const calls = callsSince(t, base);
      t.expect.ok(
        calls.length >= 1 && calls.length <= 3,
        `GET ${AVAILABILITY} while inventory is slow: expected 1 to 3 calls to inventory (at most 2 retries), got ${calls.length}: ${list(calls)}. Look at your retry loop.`,
      );
    },
  },
  {
    id: 'retry-then-succeed',
    title: {
      en: 'Two failures, then success: the GET is retried and answers normally (3 calls)',
      'zh-cn': '失败两次后成功：GET 被重试并正常应答（共 3 次调用）',
    },
    points: 3,
    async run(t) {
      const base = await settle(t);
      const available = await realStock(t);
      t.fault('inventory').fail(500, 2);
      const res = await t.http('orders').get(AVAILABILITY);
      const calls = callsSince(t, base);
      t.expect.ok(
        calls.length === 3,
        `GET ${AVAILABILITY} while inventory answers 500 twice and then 200: expected exactly 3 calls to reach inventory (2 failures, then the retry that succeeds), ` +
          `got ${calls.length}: ${list(calls)}. Look at your retry loop: a GET is retried up to 2 times, on a timeout, a connection error or a 5xx.`,
      );
      expectNormal(t, res, available, 'the third call succeeded', 'what the retry loop returns once a retry succeeds');
    },
  },
  {
    id: 'retries-bounded',
    title: {
      en: 'A failing inventory is called at most 3 times per GET',
      'zh-cn': 'inventory 持续出错时，每个 GET 最多调用它 3 次',
    },
    points: 2,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').fail(500);
      const res = await t.http('orders').get(AVAILABILITY);
      const calls = callsSince(t, base);
      t.expect.ok(
        calls.length >= 1 && calls.length <= 3,
        `GET ${AVAILABILITY} while inventory answers 500 to every call: expected at most 3 calls (1 + 2 retries), got ${calls.length}: ${list(calls)}. ` +
          `Look at the bound of your retry loop: it must give up after the 3rd failed call.`,
      );
      t.expect.ok(
        res.durationMs < 1000,
        `GET ${AVAILABILITY} while inventory answers 500: expected an answer within 1000 ms (3 quick failures and 150 ms of backoff), got one after ${Math.round(res.durationMs)} ms. Look at your backoff delays (50 ms, then 100 ms).`,
      );
      expectDegraded(t, res, 'inventory answered 500 to every call');
    },
  },
  {
    id: 'order-not-retried',
    title: {
      en: 'POST /orders is never retried: one call, then 503',
      'zh-cn': 'POST /orders 绝不重试：只调用一次，然后返回 503',
    },
    points: 3,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').fail(500);
      const res = await t.http('orders').post('/orders', { sku: 'cup', quantity: 1 });
      await t.sleep(200); // a retry sent in the background would show up too
      const calls = callsSince(t, base);
      t.expect.ok(
        calls.length === 1 && calls[0]!.method === 'POST' && calls[0]!.path === '/reservations',
        `POST /orders while inventory answers 500: expected exactly one call, POST /reservations, to reach inventory, got ${calls.length}: ${list(calls)}. ` +
          `A reservation is not idempotent: a retry could reserve the stock twice. Look at the POST /orders route: call inventory once, without your retry helper.`,
      );
      t.expect.status(res, 503, 'the catch around POST /reservations in POST /orders: a failed call answers 503 {"error": "..."}');
      const body = t.expect.json(res, 'the 503 answer of POST /orders: send {"error": "..."} as JSON');
      t.expect.ok(
        typeof body.error === 'string' && body.error.length > 0,
        `POST /orders while inventory fails: expected {"error": "<reason>"}, got ${res.summary}. Look at the 503 answer of POST /orders.`,
      );
    },
  },
  {
    id: 'breaker-opens',
    title: {
      en: 'After 5 failed calls in a row the breaker opens: fast answers, no calls',
      'zh-cn': '连续 5 次调用失败后熔断器打开：快速应答，不再调用',
    },
    points: 3,
    async run(t) {
      const base = await settle(t);
      await openBreaker(t, base);
      const opened = t.fault('inventory').count;
      const started = performance.now();
      for (let i = 1; i <= 3; i++) {
        const res = await t.http('orders').get(AVAILABILITY);
        expectDegraded(t, res, `the breaker is open, request ${i} of 3`);
      }
      const elapsed = performance.now() - started;
      let calls = callsSince(t, opened);
      t.expect.ok(
        calls.length === 0,
        `With the breaker open, 3 more GET ${AVAILABILITY} should not reach inventory at all, but ${calls.length} calls did: ${list(calls)}. ` +
          `Look at your breaker: while open (for BREAKER_OPEN_MS = ${OPEN_MS} ms), refuse the call without calling fetch, and do not retry a refused call.`,
      );
      t.expect.ok(
        elapsed < 400,
        `With the breaker open, 3 GET ${AVAILABILITY} took ${Math.round(elapsed)} ms in all; expected under 400 ms: an open breaker answers at once. ` +
          `Look at what happens when the breaker refuses a call: no timeout to wait for, no backoff, answer the fallback right away.`,
      );
      t.fault('inventory').clear();
      const res = await t.http('orders').get(AVAILABILITY);
      expectDegraded(t, res, `inventory is healthy again, but the breaker stays open for ${OPEN_MS} ms`);
      calls = callsSince(t, opened);
      t.expect.ok(
        calls.length === 0,
        `Right after the breaker opened, inventory was healthy again but the breaker must stay open for ${OPEN_MS} ms (BREAKER_OPEN_MS): ` +
          `expected no call to reach inventory, got ${calls.length}: ${list(calls)}. Look at how long your breaker stays open.`,
      );
    },
  },
  {
    id: 'breaker-recovers',
    title: {
      en: 'After the open interval, one trial call closes the breaker again',
      'zh-cn': '打开时长过后，一次试探调用成功即重新闭合熔断器',
    },
    points: 3,
    async run(t) {
      const base = await settle(t);
      const available = await realStock(t);
      await openBreaker(t, base);
      const opened = t.fault('inventory').count;
      const refused = await t.http('orders').get(AVAILABILITY);
      t.expect.ok(
        t.fault('inventory').count === opened && refused.json?.degraded === true,
        `This check needs the breaker open first: after 5 failed calls in a row, GET ${AVAILABILITY} should be answered by the fallback without calling inventory, ` +
          `got ${refused.summary} and ${t.fault('inventory').count - opened} call(s) to inventory. Look at your breaker's failure threshold (5).`,
      );
      t.fault('inventory').clear();
      await t.sleep(OPEN_MS + 200);
      const trial = await t.http('orders').get(AVAILABILITY);
      let calls = callsSince(t, opened);
      t.expect.ok(
        calls.length === 1,
        `${OPEN_MS + 200} ms after the breaker opened (BREAKER_OPEN_MS = ${OPEN_MS}), with inventory healthy again, GET ${AVAILABILITY} should let exactly one trial call through, ` +
          `got ${calls.length}: ${list(calls)}. Look at the half-open state: once the open interval has passed, the next call goes through.`,
      );
      expectNormal(t, trial, available, 'the trial call succeeded', 'what the half-open breaker does with a successful trial: it returns its answer and closes');
      const next = await t.http('orders').get(AVAILABILITY);
      calls = callsSince(t, opened);
      t.expect.ok(
        calls.length === 2,
        `After a successful trial call the breaker is closed: the next GET ${AVAILABILITY} should reach inventory again (2 calls in all since it opened), ` +
          `got ${calls.length}: ${list(calls)}. Look at what a success does to the breaker: state closed, failure count 0.`,
      );
      expectNormal(t, next, available, 'the breaker is closed again', 'the closed state of your breaker');
    },
  },
];

export default checks;
