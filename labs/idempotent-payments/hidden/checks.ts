import type { Check } from '../../../src/engine/checks.ts';
import { numbers, orderId, charges, expectOneCharge, attemptsSince, payDirect, payDirectAnswered, checkout, waitForCharge } from '../check-helpers.ts';

const retried = { en: 'the same POST /payments again after the caller gave up', 'zh-cn': '调用方放弃后再次发送同一个 POST /payments' };
const keyHandling = { en: 'the key handling in payments.ts', 'zh-cn': 'payments.ts 中对键的处理' };

const checks: Check[] = [
  {
    id: 'key-required',
    title: { en: 'POST /payments without an Idempotency-Key: 400, nothing charged', 'zh-cn': '不带 Idempotency-Key 的 POST /payments：返回 400，不扣款' },
    points: 1,
    async run(t) {
      const order = orderId(t, 'nokey');
      const res = await payDirectAnswered(t, undefined, order, 100, { en: 'POST /payments without an Idempotency-Key header', 'zh-cn': '不带 Idempotency-Key 请求头的 POST /payments' });
      t.expect.status(res, 400, {
        en: 'POST /payments without the Idempotency-Key header: answer 400 {"error"} before doing anything else',
        'zh-cn': '缺少 Idempotency-Key 请求头的 POST /payments：在做任何事之前先返回 400 {"error"}',
      });
      const found = await charges(t, order);
      t.expect.ok(found.length === 0, {
        en: `POST /payments without a key answered 400 but the bank charged order ${order} ${found.length} time(s). Check the header before calling the bank.`,
        'zh-cn': `不带键的 POST /payments 返回了 400，但银行仍对订单 ${order} 扣款 ${found.length} 次。请在调用银行之前检查请求头。`,
      });
    },
  },
  {
    id: 'client-error-not-retried',
    title: { en: 'A 4xx from payments is passed on, not retried', 'zh-cn': 'payments 返回的 4xx 原样转交，不重试' },
    points: 1,
    async run(t) {
      const order = orderId(t, 'client-error');
      const since = Date.now();
      t.fault('payments').fail(422, { times: 1 });
      const res = await checkout(t, order, 200, { en: 'payments answers 422', 'zh-cn': 'payments 返回 422' });
      await t.sleep(60); // a retry sent after the answer would show up too
      const attempts = attemptsSince(t, since);
      t.expect.ok(attempts.length === 1, {
        en: `payments answered 422 (a request a retry cannot fix): expected exactly one attempt, got ${attempts.length}. Look at which answers checkout retries: a timeout, a connection error, a 5xx and 409 only.`,
        'zh-cn': `payments 返回 422（重试也改变不了结果的请求）：期望只尝试一次，实际尝试了 ${attempts.length} 次。请检查 checkout 会重试哪些应答：只有超时、连接出错、5xx 和 409。`,
      });
      t.expect.status(res, 422, {
        en: 'what checkout does with a 4xx other than 409: pass the status and its JSON body on',
        'zh-cn': 'checkout 收到 409 以外的 4xx 时：应把状态码和 JSON 响应体原样转交',
      });
    },
  },
  {
    id: 'backoff-grows',
    title: { en: 'Retries back off: each wait at least half of a doubling BACKOFF_MS', 'zh-cn': '重试会退避：每次等待至少是逐次翻倍的 BACKOFF_MS 的一半' },
    points: 2,
    async run(t) {
      const { maxAttempts, backoffMs } = numbers(t);
      const order = orderId(t, 'backoff');
      const since = Date.now();
      t.fault('payments').fail(503);
      await checkout(t, order, 150, { en: 'payments answers 503 to every attempt', 'zh-cn': 'payments 对每次尝试都返回 503' });
      const attempts = attemptsSince(t, since);
      t.expect.ok(attempts.length === maxAttempts, {
        en: `payments answering 503: expected ${maxAttempts} attempts, got ${attempts.length}. Look at the retry loop in checkout.ts.`,
        'zh-cn': `payments 返回 503 时：期望尝试 ${maxAttempts} 次，实际 ${attempts.length} 次。请检查 checkout.ts 中的重试循环。`,
      });
      const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
      const minimums = gaps.map((_, i) => (backoffMs * 2 ** i) / 2);
      const short = gaps.findIndex((gap, i) => gap < minimums[i]! - 2);
      t.expect.ok(short === -1, {
        en:
          `payments answering 503: the retries reached it ${gaps.join(' ms, ')} ms after the previous attempt; ` +
          `expected at least ${minimums.join(' ms, ')} ms (half of BACKOFF_MS = ${backoffMs}, doubling each retry; the other half is the random jitter). ` +
          `Look at the wait before each retry in checkout.ts.`,
        'zh-cn':
          `payments 返回 503 时：各次重试分别在前一次尝试之后 ${gaps.join(' ms、')} ms 到达；` +
          `期望至少 ${minimums.join(' ms、')} ms（BACKOFF_MS = ${backoffMs} 的一半，每次重试翻倍；另一半是随机抖动）。` +
          `请检查 checkout.ts 中每次重试前的等待。`,
      });
    },
  },
  {
    id: 'caller-gives-up',
    title: { en: 'The caller gives up mid-charge: the charge finishes, the key replays it', 'zh-cn': '调用方在扣款途中放弃：扣款照常完成，键会回放结果' },
    points: 2,
    async run(t) {
      let order = '';
      let key = '';
      let gaveUp;
      // The grader gives up after 40 ms. On a very busy machine its timer may fire only after the
      // answer came (100 ms and more): nobody gave up then, so try again with a new key.
      for (let round = 1; round <= 3; round++) {
        order = orderId(t, `gone${round}`);
        key = `k-${order}`;
        t.fault('bank').latency(100, { times: 1 });
        gaveUp = await payDirect(t, key, order, 420, 40);
        if (gaveUp === undefined || gaveUp.durationMs < 90) break;
      }
      t.expect.ok(gaveUp === undefined || gaveUp.durationMs >= 90, {
        en: `POST /payments while the bank takes 100 ms answered after ${Math.round(gaveUp?.durationMs ?? 0)} ms (${gaveUp?.summary}); it should wait for the bank. Look at the call to the bank in payments.ts.`,
        'zh-cn': `银行需要 100 ms 时，POST /payments 却在 ${Math.round(gaveUp?.durationMs ?? 0)} ms 后就应答了（${gaveUp?.summary}）；它应当等待银行。请检查 payments.ts 中对银行的调用。`,
      });
      await waitForCharge(t, order);
      // The bank has charged; payments records the outcome a moment later: a 409 until then is fair.
      let again = await payDirectAnswered(t, key, order, 420, retried);
      for (let i = 0; again.status === 409 && i < 50; i++) {
        await t.sleep(20);
        again = await payDirectAnswered(t, key, order, 420, retried);
      }
      t.expect.ok(again.status === 201 && again.headers['idempotent-replayed'] === 'true', {
        en:
          `The caller gave up after 40 ms while the bank charged; the same key again should replay the 201 of the finished charge, got ${again.summary}. ` +
          `Look at the bank call in payments.ts: it must not stop, nor forget the key, when the caller's connection closes.`,
        'zh-cn':
          `调用方在银行扣款期间 40 ms 就放弃了；再用同一个键请求，应回放那次已完成扣款的 201，实际得到 ${again.summary}。` +
          `请检查 payments.ts 中的银行调用：调用方的连接关闭时，它既不能中止，也不能忘掉这个键。`,
      });
      await expectOneCharge(t, order, 420, { en: 'the caller gave up mid-charge, then retried', 'zh-cn': '调用方在扣款途中放弃，随后重试' }, keyHandling);
    },
  },
  {
    id: 'ambiguous-bank-failure',
    title: { en: 'The bank charged but its answer was lost: the key is kept, no second charge', 'zh-cn': '银行已扣款但应答丢失：保留键，绝不二次扣款' },
    points: 2,
    async run(t) {
      const order = orderId(t, 'ambiguous');
      const key = `k-${order}`;
      t.fault('bank').reset({ when: 'after-request', times: 1 });
      const what = { en: 'POST /payments when the bank charged and the connection was reset before its answer', 'zh-cn': '银行已扣款、但连接在应答前被重置时的 POST /payments' };
      const first = await payDirectAnswered(t, key, order, 330, what);
      t.expect.status(first, 502, {
        en: 'payments when the bank call fails without an answer: answer 502 {"error"} (the outcome is unknown)',
        'zh-cn': 'payments 调用银行失败且没有应答时：应返回 502 {"error"}（结果未知）',
      });
      const second = await payDirectAnswered(t, key, order, 330, { en: 'the same POST /payments again', 'zh-cn': '再次发送同一个 POST /payments' });
      const found = await charges(t, order);
      t.expect.ok(found.length === 1, {
        en:
          `The bank charged order ${order}, then the connection was reset, so payments could not know it; the same key came again and the bank now has ${found.length} charge(s) (second answer: ${second.summary}). ` +
          `Look at the catch around the bank call: with no answer you cannot know nothing happened, so keep the key (store the 502) instead of deleting it.`,
        'zh-cn':
          `银行已对订单 ${order} 扣款，随后连接被重置，payments 无从得知；同一个键再次到来后，银行现在有 ${found.length} 笔扣款（第二次应答：${second.summary}）。` +
          `请检查包住银行调用的 catch：没有应答就无法确定什么都没发生，所以要保留这个键（把 502 存下），而不是删掉它。`,
      });
      t.expect.status(second, 502, {
        en: 'the same key after an unknown outcome: replay the stored 502',
        'zh-cn': '结果未知之后同一个键再次到来：应回放存下的 502',
      });
    },
  },
  {
    id: 'definite-bank-failure',
    title: { en: 'The bank refused (503): the key is released, the retry charges once', 'zh-cn': '银行明确拒绝（503）：释放键，重试时扣款一次' },
    points: 1,
    async run(t) {
      const order = orderId(t, 'refused');
      const key = `k-${order}`;
      t.fault('bank').fail(503, { times: 1 });
      const first = await payDirectAnswered(t, key, order, 260, { en: 'POST /payments when the bank answers 503', 'zh-cn': '银行返回 503 时的 POST /payments' });
      t.expect.status(first, 502, {
        en: 'payments when the bank answers an error status: answer 502 {"error"}',
        'zh-cn': '银行返回错误状态码时的 payments：应返回 502 {"error"}',
      });
      const second = await payDirectAnswered(t, key, order, 260, { en: 'the same POST /payments again, the bank healthy', 'zh-cn': '银行恢复后再次发送同一个 POST /payments' });
      t.expect.status(second, 201, {
        en: 'the same key after the bank refused: the bank said no, so nothing was charged; release the key and let the retry charge (201)',
        'zh-cn': '银行拒绝之后同一个键再次到来：银行说了“不”，说明没有扣款；应释放这个键，让重试去扣款（201）',
      });
      await expectOneCharge(t, order, 260, { en: 'the bank refused once, then the same key came again', 'zh-cn': '银行拒绝一次后，同一个键再次到来' }, keyHandling);
    },
  },
];

export default checks;
