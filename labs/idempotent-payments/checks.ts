import type { Check } from '../../src/engine/checks.ts';
import {
  numbers, backoffCeiling, orderId, expectOneCharge, attemptsSince, expectOneKey, payDirectAnswered, checkout, expectPaid,
} from './check-helpers.ts';

const keyHandling = { en: 'the key handling in payments.ts', 'zh-cn': 'payments.ts 中对键的处理' };
const retryLoop = { en: 'the retry loop in checkout.ts', 'zh-cn': 'checkout.ts 中的重试循环' };

const checks: Check[] = [
  {
    id: 'pays-once',
    title: { en: 'POST /checkout pays an order: 201, one charge at the bank', 'zh-cn': 'POST /checkout 为订单付款：返回 201，银行扣款一次' },
    points: 1,
    async run(t) {
      const order = orderId(t, 'happy');
      const situation = { en: 'a healthy network', 'zh-cn': '网络正常' };
      const res = await checkout(t, order, 1250, situation);
      expectPaid(t, res, order, situation);
      await expectOneCharge(t, order, 1250, situation, {
        en: 'the body checkout sends to POST /payments ({"orderId", "amount"}) and the call payments makes to the bank',
        'zh-cn': 'checkout 发给 POST /payments 的请求体（{"orderId", "amount"}），以及 payments 对银行的调用',
      });
    },
  },
  {
    id: 'replays-same-key',
    title: { en: 'The same key twice: one charge, the stored answer replayed', 'zh-cn': '同一个键请求两次：只扣一次款，第二次回放存下的应答' },
    points: 2,
    async run(t) {
      const order = orderId(t, 'replay');
      const key = `k-${order}`;
      const what = { en: `POST /payments with Idempotency-Key ${key}`, 'zh-cn': `带 Idempotency-Key ${key} 的 POST /payments` };
      const first = await payDirectAnswered(t, key, order, 900, what);
      t.expect.status(first, 201, { en: 'the POST /payments route: a new key charges and answers 201', 'zh-cn': 'POST /payments 路由：新的键应扣款并返回 201' });
      const second = await payDirectAnswered(t, key, order, 900, what);
      await expectOneCharge(t, order, 900, { en: 'the same POST /payments sent twice with one key', 'zh-cn': '用同一个键把同一个 POST /payments 发了两次' }, keyHandling);
      t.expect.status(second, 201, {
        en: 'the second POST /payments with the same key: replay the stored status (201)',
        'zh-cn': '同一个键的第二次 POST /payments：应回放存下的状态码（201）',
      });
      t.expect.equal(second.json, first.json, { en: 'the replayed body', 'zh-cn': '回放的响应体' }, {
        en: 'the stored answer: send back exactly the body of the first answer (same paymentId)',
        'zh-cn': '存下的应答：原样发回第一次应答的响应体（paymentId 相同）',
      });
      t.expect.ok(second.headers['idempotent-replayed'] === 'true', {
        en: `The replayed answer should carry the header idempotent-replayed: true (as Stripe's API does), got ${JSON.stringify(second.headers['idempotent-replayed'] ?? null)}. Look at the branch of payments.ts that replays a stored answer.`,
        'zh-cn': `回放的应答应带上响应头 idempotent-replayed: true（Stripe 的 API 就是这样做的），实际为 ${JSON.stringify(second.headers['idempotent-replayed'] ?? null)}。请检查 payments.ts 中回放存储应答的分支。`,
      });
    },
  },
  {
    id: 'key-reuse-422',
    title: { en: 'The same key with a different body: 422, no second charge', 'zh-cn': '同一个键配上不同的请求体：返回 422，不再扣款' },
    points: 1,
    async run(t) {
      const order = orderId(t, 'reuse');
      const key = `k-${order}`;
      const first = await payDirectAnswered(t, key, order, 500, { en: `POST /payments with key ${key}`, 'zh-cn': `带键 ${key} 的 POST /payments` });
      t.expect.status(first, 201, { en: 'the POST /payments route: a new key charges and answers 201', 'zh-cn': 'POST /payments 路由：新的键应扣款并返回 201' });
      const other = await payDirectAnswered(t, key, order, 5000, { en: `the same key ${key} with amount 5000 instead of 500`, 'zh-cn': `同一个键 ${key}，金额由 500 改为 5000` });
      t.expect.status(other, 422, {
        en: 'a key reused with a different request (amount 5000 instead of 500): answer 422 {"error"}, compare a fingerprint of orderId and amount',
        'zh-cn': '键被用于另一个请求（金额由 500 改为 5000）时：应返回 422 {"error"}，请比较 orderId 和 amount 的指纹',
      });
      t.expect.json(other, { en: 'the 422 answer: send {"error": "..."} as JSON', 'zh-cn': '422 应答：以 JSON 格式发送 {"error": "..."}' });
      await expectOneCharge(t, order, 500, { en: 'a key reused with a different amount', 'zh-cn': '键被挪用到另一个金额上' }, keyHandling);
    },
  },
  {
    id: 'in-progress-409',
    title: { en: 'A repeat while the first is still at the bank: 409, then the replay', 'zh-cn': '第一次请求还在银行处理时重复请求：返回 409，之后回放' },
    points: 2,
    async run(t) {
      // On a very busy machine the first request may finish before the second is even sent: the
      // second then gets a replay, which proves nothing. Try again then, with a new key.
      for (let round = 1; ; round++) {
        const order = orderId(t, `busy${round}`);
        const key = `k-${order}`;
        t.fault('bank').latency(120, { times: 1 });
        const what = { en: `POST /payments with key ${key} while the bank takes 120 ms`, 'zh-cn': `银行需要 120 ms 时带键 ${key} 的 POST /payments` };
        const firstPromise = payDirectAnswered(t, key, order, 700, what);
        await t.sleep(50);
        const second = await payDirectAnswered(t, key, order, 700, what);
        const first = await firstPromise;
        t.expect.status(first, 201, { en: 'the first POST /payments: it charges and answers 201', 'zh-cn': '第一次 POST /payments：扣款并返回 201' });
        if (second.status === 201 && second.headers['idempotent-replayed'] === 'true' && round < 3) continue;
        t.expect.status(second, 409, {
          en: 'a second POST /payments with the same key, 50 ms later, while the first is still waiting for the bank: answer 409 {"error"}. Record the key as in progress before calling the bank',
          'zh-cn': '50 ms 后用同一个键发出第二次 POST /payments，此时第一次还在等银行：应返回 409 {"error"}。调用银行之前就要把键记为“处理中”',
        });
        const third = await payDirectAnswered(t, key, order, 700, what);
        t.expect.ok(third.status === 201 && third.json?.paymentId === first.json?.paymentId, {
          en: `Once the first POST /payments has finished, the same key again should replay its 201 (paymentId ${first.json?.paymentId}), got ${third.summary}. Look at what payments stores when the bank call ends.`,
          'zh-cn': `第一次 POST /payments 完成后，再用同一个键请求应回放它的 201（paymentId ${first.json?.paymentId}），实际得到 ${third.summary}。请检查银行调用结束后 payments 存下了什么。`,
        });
        await expectOneCharge(t, order, 700, { en: 'three requests with one key, the second while the first was in progress', 'zh-cn': '同一个键的三次请求，第二次发生在第一次处理期间' }, keyHandling);
        return;
      }
    },
  },
  {
    id: 'retries-with-same-key',
    title: { en: 'Two 500s, then success: checkout retries with the same key, one charge', 'zh-cn': '两次 500 之后成功：checkout 用同一个键重试，只扣一次款' },
    points: 3,
    async run(t) {
      const order = orderId(t, 'retry');
      const since = Date.now();
      t.fault('payments').fail(500, { times: 2 });
      const situation = { en: 'payments answers 500 twice, then works', 'zh-cn': 'payments 先返回两次 500，之后恢复正常' };
      const res = await checkout(t, order, 1100, situation);
      const attempts = attemptsSince(t, since);
      t.expect.ok(attempts.length >= 3, {
        en: `${situation.en}: expected at least 3 attempts to reach payments (2 failures, then the retry that succeeds), got ${attempts.length}. Look at ${retryLoop.en}: retry a 5xx.`,
        'zh-cn': `${situation['zh-cn']}：期望至少有 3 次尝试到达 payments（失败 2 次，然后重试成功），实际只有 ${attempts.length} 次。请检查 ${retryLoop['zh-cn']}：遇到 5xx 要重试。`,
      });
      expectOneKey(t, attempts, situation);
      expectPaid(t, res, order, situation);
      await expectOneCharge(t, order, 1100, situation, keyHandling);
    },
  },
  {
    id: 'lost-response',
    title: { en: 'The answer is lost after the charge: the retry is replayed, not charged again', 'zh-cn': '扣款后应答丢失：重试得到回放，而不是再扣一次' },
    points: 3,
    async run(t) {
      const order = orderId(t, 'lost');
      const since = Date.now();
      t.fault('payments').reset({ when: 'after-request', times: 1 });
      const situation = {
        en: 'payments handled the first attempt, then the connection was reset before its answer arrived',
        'zh-cn': 'payments 处理完第一次尝试后，连接在应答送达前被重置',
      };
      const res = await checkout(t, order, 2300, situation);
      const attempts = attemptsSince(t, since);
      t.expect.ok(attempts.length >= 2, {
        en: `${situation.en}: expected checkout to retry (at least 2 attempts), got ${attempts.length}. A reset connection is a failure: the payment may or may not have happened. Look at ${retryLoop.en}: catch the error and try again.`,
        'zh-cn': `${situation['zh-cn']}：期望 checkout 重试（至少 2 次尝试），实际只有 ${attempts.length} 次。连接被重置也是失败：付款可能成功了，也可能没有。请检查 ${retryLoop['zh-cn']}：捕获错误后再试一次。`,
      });
      expectOneKey(t, attempts, situation);
      await expectOneCharge(t, order, 2300, situation, {
        en: 'the key: the same one on the retry, and payments replaying its stored answer',
        'zh-cn': '重试时用的是否是同一个键，以及 payments 是否回放存下的应答',
      });
      expectPaid(t, res, order, situation);
    },
  },
  {
    id: 'duplicate-delivery',
    title: { en: 'A request delivered twice charges once', 'zh-cn': '同一请求被投递两次，只扣一次款' },
    points: 2,
    async run(t) {
      const order = orderId(t, 'dup');
      t.fault('payments').duplicate({ times: 1 });
      const situation = { en: 'the network delivered checkout\'s POST /payments to payments twice', 'zh-cn': '网络把 checkout 的 POST /payments 向 payments 投递了两次' };
      const res = await checkout(t, order, 640, situation);
      expectPaid(t, res, order, situation);
      await t.sleep(50); // let the copy finish
      await expectOneCharge(t, order, 640, situation, {
        en: 'the key lookup in payments.ts: the copy carries the same Idempotency-Key and body, so it must get the stored answer, not a new charge',
        'zh-cn': 'payments.ts 中对键的查找：副本带着相同的 Idempotency-Key 和请求体，应当拿到存下的应答，而不是再扣一次款',
      });
    },
  },
  {
    id: 'retries-bounded',
    title: { en: 'Payments keeps failing: at most MAX_ATTEMPTS attempts, then 502 in bounded time', 'zh-cn': 'payments 一直出错：最多尝试 MAX_ATTEMPTS 次，在限定时间内返回 502' },
    points: 2,
    async run(t) {
      const { timeoutMs, maxAttempts, backoffMs } = numbers(t);
      const order = orderId(t, 'down');
      const since = Date.now();
      t.fault('payments').fail(500);
      const situation = { en: 'payments answers 500 to every attempt', 'zh-cn': 'payments 对每次尝试都返回 500' };
      const res = await checkout(t, order, 300, situation);
      const attempts = attemptsSince(t, since);
      t.expect.atMost(attempts.length, maxAttempts, { en: 'attempts that reached payments for one checkout', 'zh-cn': '一次结账到达 payments 的尝试次数' }, {
        en: `the bound of ${retryLoop.en}: MAX_ATTEMPTS = ${maxAttempts} attempts in all, the first included`,
        'zh-cn': `${retryLoop['zh-cn']}的上限，包括第一次在内总共 MAX_ATTEMPTS = ${maxAttempts} 次`,
      });
      t.expect.atLeast(attempts.length, maxAttempts, { en: 'attempts that reached payments for one checkout', 'zh-cn': '一次结账到达 payments 的尝试次数' }, {
        en: `${retryLoop.en}: a 5xx is retried until MAX_ATTEMPTS = ${maxAttempts} attempts have failed`,
        'zh-cn': `${retryLoop['zh-cn']}，遇到 5xx 要一直重试，直到 MAX_ATTEMPTS = ${maxAttempts} 次尝试都失败`,
      });
      const bound = maxAttempts * timeoutMs + backoffCeiling(backoffMs, maxAttempts - 1) + 400;
      t.expect.atMost(Math.round(res.durationMs), bound, { en: 'milliseconds checkout took to give up', 'zh-cn': 'checkout 放弃之前花的毫秒数' }, {
        en: `the backoff: BACKOFF_MS = ${backoffMs} before the 1st retry, doubling, jittered below that ceiling`,
        'zh-cn': `退避时长：第 1 次重试前 BACKOFF_MS = ${backoffMs}，之后每次翻倍，并在这个上限以下加抖动`,
      });
      t.expect.status(res, 502, {
        en: 'checkout after the last failed attempt: answer 502 {"error", "orderId"}',
        'zh-cn': '最后一次尝试失败后的 checkout：应返回 502 {"error", "orderId"}',
      });
      t.expect.json(res, { en: 'the 502 answer of checkout: send {"error": "..."} as JSON', 'zh-cn': 'checkout 的 502 应答：以 JSON 格式发送 {"error": "..."}' });
      expectOneKey(t, attempts, situation);
    },
  },
  {
    id: 'timeout-then-retry',
    title: { en: 'A slow payments is cut at PAYMENTS_TIMEOUT_MS and retried with the same key', 'zh-cn': 'payments 变慢时在 PAYMENTS_TIMEOUT_MS 处中断，并用同一个键重试' },
    points: 2,
    async run(t) {
      const { timeoutMs } = numbers(t);
      const order = orderId(t, 'slow');
      const since = Date.now();
      t.fault('payments').latency(1500, { times: 1 });
      const situation = { en: 'the first attempt takes 1500 ms, the next ones are fast', 'zh-cn': '第一次尝试要 1500 ms，之后的尝试都很快' };
      const res = await checkout(t, order, 810, situation);
      t.expect.atMost(Math.round(res.durationMs), timeoutMs + 600, { en: 'milliseconds checkout took to answer', 'zh-cn': 'checkout 应答所用的毫秒数' }, {
        en: `the time limit of each call to payments: signal: AbortSignal.timeout(PAYMENTS_TIMEOUT_MS = ${timeoutMs})`,
        'zh-cn': `每次调用 payments 的时限：signal: AbortSignal.timeout(PAYMENTS_TIMEOUT_MS = ${timeoutMs})`,
      });
      const attempts = attemptsSince(t, since);
      expectOneKey(t, attempts, situation);
      expectPaid(t, res, order, situation);
      await expectOneCharge(t, order, 810, situation, {
        en: 'the key: the retry after a timeout must carry the same one',
        'zh-cn': '键，超时之后的重试必须带着同一个键',
      });
    },
  },
];

export default checks;
