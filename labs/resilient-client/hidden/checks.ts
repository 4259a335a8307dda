import type { Check, CheckContext, HttpResponse, RecordedRequest } from '../../../src/engine/checks.ts';
import { AVAILABILITY, settle, callsSince, list, got, expectDegraded, timing, worstGetMs } from '../check-helpers.ts';

const availabilityRoute = { en: 'the GET /orders/availability/:sku route', 'zh-cn': 'GET /orders/availability/:sku 路由' };

const checks: Check[] = [
  {
    id: 'timeout-not-too-short',
    title: {
      en: 'An inventory answering well within CALL_TIMEOUT_MS is not cut off',
      'zh-cn': 'inventory 在 CALL_TIMEOUT_MS 以内从容应答时，不会被超时打断',
    },
    points: 1,
    expectedMs: 350,
    async run(t) {
      const base = await settle(t);
      const { callMs } = timing(t);
      // 40 % of the limit: slow enough to catch a limit cut to a quarter, with room for a busy machine.
      const slow = Math.round(callMs * 0.4);
      t.fault('inventory').latency(slow);
      const res = await t.http('orders').get(AVAILABILITY);
      const calls = callsSince(t, base);
      t.expect.status(res, 200, availabilityRoute);
      t.expect.ok(res.json?.degraded === false && typeof res.json?.available === 'number' && calls.length === 1, {
        en:
          `GET ${AVAILABILITY} while inventory answers after ${slow} ms, well inside the ${callMs} ms limit (CALL_TIMEOUT_MS as the grader sets it): expected a normal answer after one call, ` +
          `got ${res.summary} after ${calls.length} call(s): ${list(calls)}. Look at your timeout: it should be CALL_TIMEOUT_MS per call, not less.`,
        'zh-cn':
          `inventory 在 ${slow} ms 后应答（远没到 ${callMs} ms 的时限，即评分器设定的 CALL_TIMEOUT_MS）时请求 GET ${AVAILABILITY}：期望调用一次就得到正常应答，` +
          `实际调用了 ${calls.length} 次${calls.length === 0 ? '' : `（${list(calls, 'zh-cn')}）`}，得到的是 ${res.summary}。` +
          `请检查你的超时设置：每次调用的时限应为 CALL_TIMEOUT_MS，不能更短。`,
      });
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
        t.expect.ok(calls.length === 1, {
          en:
            `GET /orders/availability/no-such-sku (request ${i} of 6), inventory answers 404: expected exactly one call to inventory, got ${calls.length}: ${list(calls)}. ` +
            (calls.length > 1
              ? 'A 4xx is an answer, not a failure: do not retry it.'
              : 'A 4xx is an answer, not a failure: it must not count toward opening the breaker (only timeouts, connection errors and 5xx do).'),
          'zh-cn':
            `GET /orders/availability/no-such-sku（6 个请求中的第 ${i} 个），inventory 返回 404：期望只调用 inventory 一次，${got(calls)}。` +
            (calls.length > 1
              ? '4xx 是正常应答，不是失败：不要重试。'
              : '4xx 是正常应答，不是失败：它不能计入熔断器的失败次数（只有超时、连接出错和 5xx 才算）。'),
        });
        t.expect.status(res, 404, {
          en: 'what GET /orders/availability/:sku does with a 4xx from inventory: pass the status and its JSON error on',
          'zh-cn': 'GET /orders/availability/:sku 对 inventory 返回 4xx 时的处理，应把状态码和 JSON 错误信息原样转交',
        });
        t.expect.json(res, {
          en: 'the 404 answer: pass on inventory\'s {"error": "..."}',
          'zh-cn': '404 应答，应原样转交 inventory 返回的 {"error": "..."}',
        });
      }
    },
  },
  {
    id: 'order-timeout',
    title: {
      en: 'POST /orders on a slow inventory: one call cut at CALL_TIMEOUT_MS, then 503',
      'zh-cn': 'inventory 变慢时 POST /orders：一次调用在 CALL_TIMEOUT_MS 时中断，返回 503',
    },
    points: 1,
    expectedMs: 200,
    async run(t) {
      const base = await settle(t);
      const { callMs } = timing(t);
      const bound = callMs + 700;
      t.fault('inventory').latency(3000);
      const res = await t.http('orders').post('/orders', { sku: 'cup', quantity: 1 }, { timeoutMs: 6000 });
      t.expect.ok(res.durationMs < bound, {
        en:
          `POST /orders while inventory takes 3000 ms to answer: expected an answer within ${bound} ms, got one after ${Math.round(res.durationMs)} ms (${res.summary}). ` +
          `Look at the time limit of the POST /reservations call: CALL_TIMEOUT_MS (the grader sets ${callMs} ms), like every call to inventory.`,
        'zh-cn':
          `inventory 要 3000 ms 才应答时请求 POST /orders：期望在 ${bound} ms 内得到应答，实际过了 ${Math.round(res.durationMs)} ms 才应答（${res.summary}）。` +
          `请检查 POST /reservations 调用的时限：和所有对 inventory 的调用一样，都是 CALL_TIMEOUT_MS（评分器设为 ${callMs} ms）。`,
      });
      const calls = callsSince(t, base);
      t.expect.ok(calls.length === 1, {
        en: `POST /orders while inventory is slow: expected exactly one call to inventory (a timed-out reservation must not be retried), got ${calls.length}: ${list(calls)}.`,
        'zh-cn': `inventory 变慢时请求 POST /orders：期望只调用 inventory 一次（超时的预留不能重试），${got(calls)}。`,
      });
      t.expect.status(res, 503, {
        en: 'the catch around POST /reservations in POST /orders: a timeout answers 503 {"error": "..."}',
        'zh-cn': 'POST /orders 中包住 POST /reservations 调用的 catch，超时时应返回 503 {"error": "..."}',
      });
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
      const res = t.expect.defined(await t.http('orders').attempt('GET', AVAILABILITY, { timeoutMs: 3000 }), {
        en:
          `GET ${AVAILABILITY} while the inventory process is down: orders gave no answer (or its process stopped). ` +
          `Look at the catch around the call: a refused or reset connection makes fetch reject, and that is a failure like any other.`,
        'zh-cn':
          `inventory 进程停止时请求 GET ${AVAILABILITY}：orders 没有应答（或者它的进程也停止了）。` +
          `请检查包住这次调用的 catch：连接被拒或被重置时 fetch 会 reject，这和其他失败没有区别。`,
      });
      const bound = worstGetMs(timing(t)) + 700;
      t.expect.ok(res.durationMs < bound, {
        en: `GET ${AVAILABILITY} while inventory is down: expected an answer within ${bound} ms, got one after ${Math.round(res.durationMs)} ms. Look at your timeout and retries.`,
        'zh-cn': `inventory 宕机时请求 GET ${AVAILABILITY}：期望在 ${bound} ms 内得到应答，实际过了 ${Math.round(res.durationMs)} ms 才应答。请检查你的超时和重试设置。`,
      });
      expectDegraded(t, res, { en: 'the inventory process is down', 'zh-cn': 'inventory 进程已停止' });
      const order = t.expect.defined(
        await t.http('orders').attempt('POST', '/orders', { body: { sku: 'cup', quantity: 1 }, timeoutMs: 3000 }),
        {
          en: 'POST /orders while the inventory process is down: orders gave no answer (or its process stopped). Look at the catch around POST /reservations.',
          'zh-cn': 'inventory 进程停止时请求 POST /orders：orders 没有应答（或者它的进程也停止了）。请检查包住 POST /reservations 调用的 catch。',
        },
      );
      t.expect.status(order, 503, {
        en: 'the catch around POST /reservations in POST /orders: a connection error answers 503 {"error": "..."}',
        'zh-cn': 'POST /orders 中包住 POST /reservations 调用的 catch，连接出错时应返回 503 {"error": "..."}',
      });
    },
  },
  {
    id: 'backoff-spacing',
    title: {
      en: 'Retries wait RETRY_DELAYS_MS before each attempt (backoff)',
      'zh-cn': '每次重试前按 RETRY_DELAYS_MS 等待（退避）',
    },
    points: 2,
    async run(t) {
      const base = await settle(t);
      const [d1, d2] = timing(t).delays;
      t.fault('inventory').fail(500, 2);
      const res = await t.http('orders').get(AVAILABILITY);
      const calls = callsSince(t, base);
      t.expect.ok(calls.length === 3, {
        en: `GET ${AVAILABILITY} while inventory answers 500 twice: expected 3 calls to inventory, got ${calls.length}: ${list(calls)}. Look at your retry loop.`,
        'zh-cn': `inventory 先返回两次 500 时请求 GET ${AVAILABILITY}：期望调用 inventory 3 次，${got(calls)}。请检查你的重试循环。`,
      });
      t.expect.status(res, 200, availabilityRoute);
      const first = calls[1]!.at - calls[0]!.at;
      const second = calls[2]!.at - calls[1]!.at;
      // Timers never fire early; 10 % off covers the clock's rounding.
      t.expect.ok(first >= d1 * 0.9 && second >= d2 * 0.9, {
        en:
          `GET ${AVAILABILITY} while inventory answers 500 twice: the retries reached inventory ${first} ms and ${second} ms after the previous call; ` +
          `expected waits of ${d1} ms before the first retry and ${d2} ms before the second (RETRY_DELAYS_MS as the grader sets it). Look at the sleep between attempts in your retry loop.`,
        'zh-cn':
          `inventory 先返回两次 500 时请求 GET ${AVAILABILITY}：两次重试分别在前一次调用之后 ${first} ms 和 ${second} ms 到达 inventory；` +
          `期望第一次重试前等待 ${d1} ms，第二次重试前等待 ${d2} ms（即评分器设定的 RETRY_DELAYS_MS）。请检查重试循环中两次尝试之间的 sleep。`,
      });
    },
  },
  {
    id: 'half-open-trial-fails',
    title: {
      en: 'A failed trial call opens the breaker again at once',
      'zh-cn': '试探调用失败时熔断器立即重新打开',
    },
    points: 2,
    expectedMs: 550,
    async run(t) {
      const base = await settle(t);
      t.fault('inventory').fail(500);
      for (let i = 1; i <= 2; i++) {
        expectDegraded(t, await t.http('orders').get(AVAILABILITY), {
          en: `inventory answers 500 to every call, request ${i} of 2`,
          'zh-cn': `inventory 对每次调用都返回 500，2 个请求中的第 ${i} 个`,
        });
      }
      let calls = callsSince(t, base);
      t.expect.ok(calls.length === 5, {
        en: `Two GET ${AVAILABILITY} while inventory answers 500 should make 5 calls and open the breaker, got ${calls.length}: ${list(calls)}. Look at your breaker's threshold (5 failed calls in a row).`,
        'zh-cn': `inventory 返回 500 时，两个 GET ${AVAILABILITY} 应当调用 5 次并打开熔断器，${got(calls)}。请检查熔断器的阈值（连续 5 次调用失败）。`,
      });
      const { openMs } = timing(t);
      await t.sleep(openMs + Math.max(50, Math.round(openMs / 4)));
      const opened = t.fault('inventory').count;
      expectDegraded(t, await t.http('orders').get(AVAILABILITY), { en: 'the trial call failed', 'zh-cn': '试探调用失败' });
      calls = callsSince(t, opened);
      t.expect.ok(calls.length === 1, {
        en:
          `After the open interval, with inventory still failing, GET ${AVAILABILITY} should make exactly one trial call, see it fail and open the breaker again, ` +
          `got ${calls.length} calls: ${list(calls)}. Look at the half-open state: only one trial call, and its failure opens the breaker without waiting for 5 failures.`,
        'zh-cn':
          `打开时长过后，inventory 仍在出错，GET ${AVAILABILITY} 应当恰好发出一次试探调用，它失败后熔断器随即重新打开，` +
          `${got(calls)}。请检查半开状态：只放行一次试探调用，它一失败就重新打开熔断器，不必等满 5 次失败。`,
      });
      expectDegraded(t, await t.http('orders').get(AVAILABILITY), { en: 'the breaker opened again', 'zh-cn': '熔断器已重新打开' });
      calls = callsSince(t, opened);
      t.expect.ok(calls.length === 1, {
        en:
          `Right after a failed trial call the breaker is open again: the next GET ${AVAILABILITY} should not reach inventory, but ${calls.length - 1} more call(s) did: ${list(calls)}. ` +
          `Look at what a failed trial does: state open, openedAt = now.`,
        'zh-cn':
          `试探调用失败后，熔断器应立即重新打开：下一个 GET ${AVAILABILITY} 不应到达 inventory，但又有 ${calls.length - 1} 次调用到达了（全部调用：${list(calls, 'zh-cn')}）。` +
          `请检查试探调用失败后的处理：状态改为 open，并令 openedAt = now。`,
      });
    },
  },
];

export default checks;
