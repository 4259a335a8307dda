import type { Check } from '../../src/engine/checks.ts';
import { SKU, AVAILABILITY, settle, callsSince, list, got, realStock, expectDegraded, expectNormal, openBreaker, timing, worstGetMs } from './check-helpers.ts';

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
      expectNormal(
        t,
        res,
        available,
        { en: 'inventory is healthy', 'zh-cn': 'inventory 运行正常' },
        {
          en: 'the GET /orders/availability/:sku route: it calls GET /stock/<sku> on INVENTORY_URL',
          'zh-cn': 'GET /orders/availability/:sku 路由，它应调用 INVENTORY_URL 上的 GET /stock/<sku>',
        },
      );
      const calls = callsSince(t, 0);
      t.expect.ok(calls.length === 1 && calls[0]!.method === 'GET' && calls[0]!.path === `/stock/${SKU}`, {
        en:
          `GET ${AVAILABILITY} with a healthy inventory: expected exactly one call, GET /stock/${SKU}, to reach inventory, got ${calls.length}: ${list(calls)}. ` +
          `Look at how the route calls inventory (through process.env.INVENTORY_URL).`,
        'zh-cn':
          `inventory 正常时请求 GET ${AVAILABILITY}：期望恰好有一次调用到达 inventory，即 GET /stock/${SKU}，${got(calls)}。` +
          `请检查这个路由调用 inventory 的方式（应通过 process.env.INVENTORY_URL）。`,
      });
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
      t.expect.status(res, 201, {
        en: 'the POST /orders route: when inventory answers 201, answer 201 {"sku", "quantity", "reservationId"}',
        'zh-cn': 'POST /orders 路由，inventory 返回 201 时，它应返回 201 {"sku", "quantity", "reservationId"}',
      });
      const body = t.expect.json(res, {
        en: 'the POST /orders answer: send JSON',
        'zh-cn': 'POST /orders 的应答，它应以 JSON 格式发送',
      });
      const sentBack = { en: 'the body POST /orders sends back', 'zh-cn': 'POST /orders 返回的响应体' };
      t.expect.equal(body.sku, 'cup', { en: 'the "sku" of the order', 'zh-cn': '订单的 sku' }, sentBack);
      t.expect.equal(body.quantity, 2, { en: 'the "quantity" of the order', 'zh-cn': '订单的 quantity' }, sentBack);
      t.expect.ok(typeof body.reservationId === 'string' && body.reservationId.length > 0, {
        en: `POST /orders: expected a "reservationId" (the "id" inventory gave the reservation), got ${res.summary}. Look at the answer of POST /reservations.`,
        'zh-cn': `POST /orders：应答中应有 reservationId（即 inventory 为这次预留分配的 id），实际得到 ${res.summary}。请检查 POST /reservations 的应答。`,
      });
      const calls = callsSince(t, base);
      t.expect.ok(calls.length === 1 && calls[0]!.method === 'POST' && calls[0]!.path === '/reservations', {
        en: `POST /orders: expected exactly one call, POST /reservations, to reach inventory, got ${calls.length}: ${list(calls)}. Look at the POST /orders route.`,
        'zh-cn': `POST /orders：期望恰好有一次调用到达 inventory，即 POST /reservations，${got(calls)}。请检查 POST /orders 路由。`,
      });
      const after = await realStock(t, 'cup');
      t.expect.equal(
        before - after,
        2,
        { en: 'the stock of "cup" reserved by one order of 2', 'zh-cn': '一个数量为 2 的订单预留的 cup 库存' },
        { en: 'the body you forward to POST /reservations', 'zh-cn': '你转发给 POST /reservations 的请求体' },
      );
    },
  },
  {
    id: 'timeout-fallback',
    title: {
      en: 'A slow inventory gets a degraded answer within 3 × CALL_TIMEOUT_MS plus the backoff',
      'zh-cn': 'inventory 变慢时，在 3 × CALL_TIMEOUT_MS 加退避时间内给出降级应答',
    },
    points: 3,
    expectedMs: 750,
    async run(t) {
      const base = await settle(t);
      const x = timing(t);
      const worst = worstGetMs(x);
      const bound = worst + 600;
      t.fault('inventory').latency(3000);
      const res = await t.http('orders').get(AVAILABILITY, { timeoutMs: 6000 });
      t.expect.ok(res.durationMs < bound, {
        en:
          `GET ${AVAILABILITY} while inventory takes 3000 ms to answer: expected an answer within ${bound} ms, got one after ${Math.round(res.durationMs)} ms (${res.summary}). ` +
          `Each call to inventory must be cut after CALL_TIMEOUT_MS (the grader sets ${x.callMs} ms), so even 3 calls with ${x.delays[0]} + ${x.delays[1]} ms of backoff end within about ${worst} ms. ` +
          `Look at the fetch to inventory: give it signal: AbortSignal.timeout(CALL_TIMEOUT_MS), the constant of resilience.ts that reads process.env.`,
        'zh-cn':
          `inventory 要 3000 ms 才应答时请求 GET ${AVAILABILITY}：期望在 ${bound} ms 内得到应答，实际过了 ${Math.round(res.durationMs)} ms 才应答（${res.summary}）。` +
          `每次调用 inventory 都必须在 CALL_TIMEOUT_MS（评分器设为 ${x.callMs} ms）时中断，这样即使调用 3 次、再加上 ${x.delays[0]} + ${x.delays[1]} ms 的退避，也能在约 ${worst} ms 内结束。` +
          `请检查调用 inventory 的 fetch：给它加上 signal: AbortSignal.timeout(CALL_TIMEOUT_MS)，这个常量在 resilience.ts 中从 process.env 读取。`,
      });
      expectDegraded(t, res, { en: 'every call to inventory timed out', 'zh-cn': '每次调用 inventory 都超时了' });
      const calls = callsSince(t, base);
      t.expect.ok(calls.length >= 1 && calls.length <= 3, {
        en: `GET ${AVAILABILITY} while inventory is slow: expected 1 to 3 calls to inventory (at most 2 retries), got ${calls.length}: ${list(calls)}. Look at your retry loop.`,
        'zh-cn': `inventory 变慢时请求 GET ${AVAILABILITY}：期望调用 inventory 1 到 3 次（最多重试 2 次），${got(calls)}。请检查你的重试循环。`,
      });
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
      t.expect.ok(calls.length === 3, {
        en:
          `GET ${AVAILABILITY} while inventory answers 500 twice and then 200: expected exactly 3 calls to reach inventory (2 failures, then the retry that succeeds), ` +
          `got ${calls.length}: ${list(calls)}. Look at your retry loop: a GET is retried up to 2 times, on a timeout, a connection error or a 5xx.`,
        'zh-cn':
          `inventory 先返回两次 500、再返回 200 时请求 GET ${AVAILABILITY}：期望恰好有 3 次调用到达 inventory（失败 2 次，然后重试成功），` +
          `${got(calls)}。请检查你的重试循环：GET 遇到超时、连接出错或 5xx 时，最多重试 2 次。`,
      });
      expectNormal(
        t,
        res,
        available,
        { en: 'the third call succeeded', 'zh-cn': '第 3 次调用成功' },
        { en: 'what the retry loop returns once a retry succeeds', 'zh-cn': '重试成功后重试循环返回的结果' },
      );
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
      t.expect.ok(calls.length >= 1 && calls.length <= 3, {
        en:
          `GET ${AVAILABILITY} while inventory answers 500 to every call: expected at most 3 calls (1 + 2 retries), got ${calls.length}: ${list(calls)}. ` +
          `Look at the bound of your retry loop: it must give up after the 3rd failed call.`,
        'zh-cn':
          `inventory 对每次调用都返回 500 时请求 GET ${AVAILABILITY}：期望最多调用 3 次（1 次调用 + 2 次重试），${got(calls)}。` +
          `请检查重试循环的上限：第 3 次调用失败后就必须放弃。`,
      });
      const { delays } = timing(t);
      const backoff = delays[0] + delays[1];
      const bound = backoff + 700;
      t.expect.ok(res.durationMs < bound, {
        en: `GET ${AVAILABILITY} while inventory answers 500: expected an answer within ${bound} ms (3 quick failures and ${backoff} ms of backoff), got one after ${Math.round(res.durationMs)} ms. Look at your backoff delays (RETRY_DELAYS_MS: the grader sets ${delays[0]} ms, then ${delays[1]} ms).`,
        'zh-cn': `inventory 返回 500 时请求 GET ${AVAILABILITY}：期望在 ${bound} ms 内得到应答（3 次很快的失败，加上 ${backoff} ms 的退避），实际过了 ${Math.round(res.durationMs)} ms 才应答。请检查退避等待的时长（RETRY_DELAYS_MS，评分器设为先 ${delays[0]} ms、再 ${delays[1]} ms）。`,
      });
      expectDegraded(t, res, { en: 'inventory answered 500 to every call', 'zh-cn': 'inventory 对每次调用都返回了 500' });
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
      // A retry sent in the background would show up too, after its backoff.
      await t.sleep(timing(t).delays[0] + 80);
      const calls = callsSince(t, base);
      t.expect.ok(calls.length === 1 && calls[0]!.method === 'POST' && calls[0]!.path === '/reservations', {
        en:
          `POST /orders while inventory answers 500: expected exactly one call, POST /reservations, to reach inventory, got ${calls.length}: ${list(calls)}. ` +
          `A reservation is not idempotent: a retry could reserve the stock twice. Look at the POST /orders route: call inventory once, without your retry helper.`,
        'zh-cn':
          `inventory 返回 500 时请求 POST /orders：期望恰好有一次调用到达 inventory，即 POST /reservations，${got(calls)}。` +
          `预留库存不是幂等操作：一重试就可能把库存预留两遍。请检查 POST /orders 路由：只调用 inventory 一次，不要经过你的重试辅助函数。`,
      });
      t.expect.status(res, 503, {
        en: 'the catch around POST /reservations in POST /orders: a failed call answers 503 {"error": "..."}',
        'zh-cn': 'POST /orders 中包住 POST /reservations 调用的 catch，调用失败时应返回 503 {"error": "..."}',
      });
      const body = t.expect.json(res, {
        en: 'the 503 answer of POST /orders: send {"error": "..."} as JSON',
        'zh-cn': 'POST /orders 的 503 应答，它应以 JSON 格式发送 {"error": "..."}',
      });
      t.expect.ok(typeof body.error === 'string' && body.error.length > 0, {
        en: `POST /orders while inventory fails: expected {"error": "<reason>"}, got ${res.summary}. Look at the 503 answer of POST /orders.`,
        'zh-cn': `inventory 出错时请求 POST /orders：期望得到 {"error": "<原因>"}，实际得到 ${res.summary}。请检查 POST /orders 的 503 应答。`,
      });
    },
  },
  {
    id: 'breaker-opens',
    title: {
      en: 'After 5 failed calls in a row the breaker opens: fast answers, no calls',
      'zh-cn': '连续 5 次调用失败后熔断器打开：快速应答，不再调用',
    },
    points: 3,
    expectedMs: 150,
    async run(t) {
      const base = await settle(t);
      const OPEN_MS = timing(t).openMs;
      await openBreaker(t, base);
      const opened = t.fault('inventory').count;
      const started = performance.now();
      for (let i = 1; i <= 3; i++) {
        const res = await t.http('orders').get(AVAILABILITY);
        expectDegraded(t, res, {
          en: `the breaker is open, request ${i} of 3`,
          'zh-cn': `熔断器已打开，3 个请求中的第 ${i} 个`,
        });
      }
      const elapsed = performance.now() - started;
      let calls = callsSince(t, opened);
      t.expect.ok(calls.length === 0, {
        en:
          `With the breaker open, 3 more GET ${AVAILABILITY} should not reach inventory at all, but ${calls.length} calls did: ${list(calls)}. ` +
          `Look at your breaker: while open (for BREAKER_OPEN_MS = ${OPEN_MS} ms), refuse the call without calling fetch, and do not retry a refused call.`,
        'zh-cn':
          `熔断器打开后，再发 3 个 GET ${AVAILABILITY} 都不应到达 inventory，但仍有 ${calls.length} 次调用到达了：${list(calls, 'zh-cn')}。` +
          `请检查熔断器：打开期间（持续 BREAKER_OPEN_MS = ${OPEN_MS} ms）要直接拒绝调用，不调用 fetch，被拒绝的调用也不要重试。`,
      });
      // Well inside the open interval, or the breaker would rightly let a trial through.
      const fast = Math.max(60, Math.round(OPEN_MS / 2));
      t.expect.ok(elapsed < fast, {
        en:
          `With the breaker open, 3 GET ${AVAILABILITY} took ${Math.round(elapsed)} ms in all; expected under ${fast} ms: an open breaker answers at once. ` +
          `Look at what happens when the breaker refuses a call: no timeout to wait for, no backoff, answer the fallback right away.`,
        'zh-cn':
          `熔断器打开时，3 个 GET ${AVAILABILITY} 总共用了 ${Math.round(elapsed)} ms，期望不到 ${fast} ms：打开的熔断器应当立即应答。` +
          `请检查熔断器拒绝调用时的处理：既不用等超时，也不要退避，直接返回降级应答。`,
      });
      t.fault('inventory').clear();
      const res = await t.http('orders').get(AVAILABILITY);
      expectDegraded(t, res, {
        en: `inventory is healthy again, but the breaker stays open for ${OPEN_MS} ms`,
        'zh-cn': `inventory 已恢复正常，但熔断器仍要保持打开 ${OPEN_MS} ms`,
      });
      calls = callsSince(t, opened);
      t.expect.ok(calls.length === 0, {
        en:
          `Right after the breaker opened, inventory was healthy again but the breaker must stay open for ${OPEN_MS} ms (BREAKER_OPEN_MS): ` +
          `expected no call to reach inventory, got ${calls.length}: ${list(calls)}. Look at how long your breaker stays open.`,
        'zh-cn':
          `熔断器刚打开时，inventory 虽已恢复正常，但熔断器必须保持打开 ${OPEN_MS} ms（BREAKER_OPEN_MS）：` +
          `期望没有调用到达 inventory，${got(calls)}。请检查熔断器保持打开的时长。`,
      });
    },
  },
  {
    id: 'breaker-recovers',
    title: {
      en: 'After the open interval, one trial call closes the breaker again',
      'zh-cn': '打开时长过后，一次试探调用成功即重新闭合熔断器',
    },
    points: 3,
    expectedMs: 550,
    async run(t) {
      const base = await settle(t);
      const OPEN_MS = timing(t).openMs;
      const wait = OPEN_MS + Math.max(50, Math.round(OPEN_MS / 4));
      const available = await realStock(t);
      await openBreaker(t, base);
      const opened = t.fault('inventory').count;
      const refused = await t.http('orders').get(AVAILABILITY);
      t.expect.ok(t.fault('inventory').count === opened && refused.json?.degraded === true, {
        en:
          `This check needs the breaker open first: after 5 failed calls in a row, GET ${AVAILABILITY} should be answered by the fallback without calling inventory, ` +
          `got ${refused.summary} and ${t.fault('inventory').count - opened} call(s) to inventory. Look at your breaker's failure threshold (5).`,
        'zh-cn':
          `本检查需要先打开熔断器：连续 5 次调用失败后，GET ${AVAILABILITY} 应当直接得到降级应答，不再调用 inventory，` +
          `实际却得到 ${refused.summary}，并调用了 inventory ${t.fault('inventory').count - opened} 次。请检查熔断器的失败阈值（5）。`,
      });
      t.fault('inventory').clear();
      await t.sleep(wait);
      const trial = await t.http('orders').get(AVAILABILITY);
      let calls = callsSince(t, opened);
      t.expect.ok(calls.length === 1, {
        en:
          `${wait} ms after the breaker opened (BREAKER_OPEN_MS = ${OPEN_MS}), with inventory healthy again, GET ${AVAILABILITY} should let exactly one trial call through, ` +
          `got ${calls.length}: ${list(calls)}. Look at the half-open state: once the open interval has passed, the next call goes through.`,
        'zh-cn':
          `熔断器打开 ${wait} ms 后（BREAKER_OPEN_MS = ${OPEN_MS}），inventory 已恢复正常，GET ${AVAILABILITY} 应当恰好放行一次试探调用，` +
          `${got(calls)}。请检查半开状态：打开时长一过，下一次调用就要放行。`,
      });
      expectNormal(
        t,
        trial,
        available,
        { en: 'the trial call succeeded', 'zh-cn': '试探调用成功' },
        {
          en: 'what the half-open breaker does with a successful trial: it returns its answer and closes',
          'zh-cn': '半开的熔断器在试探调用成功后的处理，它应返回这次调用的应答并闭合',
        },
      );
      const next = await t.http('orders').get(AVAILABILITY);
      calls = callsSince(t, opened);
      t.expect.ok(calls.length === 2, {
        en:
          `After a successful trial call the breaker is closed: the next GET ${AVAILABILITY} should reach inventory again (2 calls in all since it opened), ` +
          `got ${calls.length}: ${list(calls)}. Look at what a success does to the breaker: state closed, failure count 0.`,
        'zh-cn':
          `试探调用成功后熔断器就闭合了：下一个 GET ${AVAILABILITY} 应当重新到达 inventory（从熔断器打开算起共 2 次调用），` +
          `${got(calls)}。请检查调用成功后熔断器的变化：状态变为 closed，失败计数归零。`,
      });
      expectNormal(
        t,
        next,
        available,
        { en: 'the breaker is closed again', 'zh-cn': '熔断器已重新闭合' },
        { en: 'the closed state of your breaker', 'zh-cn': '熔断器的闭合（closed）状态' },
      );
    },
  },
];

export default checks;
