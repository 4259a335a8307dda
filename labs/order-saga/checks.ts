import type { Check } from '../../src/engine/checks.ts';
import { timings, placeOrder, finalState, stockOf, chargesFor, settledEvents, expectOneEvent } from './check-helpers.ts';

const checks: Check[] = [
  {
    id: 'happy-path',
    title: {
      en: 'An order is reserved, charged once, confirmed and announced',
      'zh-cn': '订单完成预留、只扣款一次、确认，并发布事件',
    },
    points: 2,
    async run(t) {
      const before = await stockOf(t, 'teapot');
      const placed = await placeOrder(t, { sku: 'teapot', quantity: 2, amount: 30 });
      const situation = { en: 'An order of 2 teapots for 30, every service healthy', 'zh-cn': '下单 2 个 teapot、金额 30，所有服务都正常' };
      const order = await finalState(t, placed.id, 1500, situation);
      t.expect.equal(order.state, 'confirmed', { en: 'the state of the order', 'zh-cn': '订单的状态' }, {
        en: 'your saga: reserve stock (POST STOCK_URL/reservations), charge (POST PAYMENTS_URL/payments), then commit "confirmed"',
        'zh-cn': '你的 Saga：先预留库存（POST STOCK_URL/reservations），再扣款（POST PAYMENTS_URL/payments），最后提交 "confirmed"',
      });
      const after = await stockOf(t, 'teapot');
      t.expect.equal(before - after, 2, { en: 'the teapots reserved by an order of 2', 'zh-cn': '数量为 2 的订单预留的 teapot 数' }, {
        en: 'the body of POST /reservations: {"orderId", "sku", "quantity"}',
        'zh-cn': 'POST /reservations 的请求体：{"orderId", "sku", "quantity"}',
      });
      const charges = await chargesFor(t, placed.id);
      t.expect.ok(charges.length === 1 && charges[0]!.amount === 30, {
        en: `${situation.en}: expected exactly one charge of 30 at payments for this order, got ${JSON.stringify(charges)}. Look at the body of POST /payments: {"orderId", "amount"}.`,
        'zh-cn': `${situation['zh-cn']}：payments 上这个订单应当恰好有一笔 30 的扣款，实际是 ${JSON.stringify(charges)}。请检查 POST /payments 的请求体：{"orderId", "amount"}。`,
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.confirmed', situation);
    },
  },
  {
    id: 'payment-declined',
    title: {
      en: 'A declined payment cancels the order and releases the stock',
      'zh-cn': '支付被拒时取消订单并释放库存',
    },
    points: 2,
    async run(t) {
      const before = await stockOf(t, 'cup');
      const placed = await placeOrder(t, { sku: 'cup', quantity: 3, amount: 900 });
      const situation = { en: 'An order of 900, which payments declines with 402', 'zh-cn': '一个金额 900 的订单，payments 以 402 拒绝扣款' };
      const order = await finalState(t, placed.id, 1500, situation);
      t.expect.equal(order.state, 'cancelled', { en: 'the state of the order', 'zh-cn': '订单的状态' }, {
        en: 'your saga: a 4xx from POST /payments is a clear no, so compensate and commit "cancelled"',
        'zh-cn': '你的 Saga：POST /payments 返回 4xx 就是明确的拒绝，应执行补偿并提交 "cancelled"',
      });
      const after = await stockOf(t, 'cup');
      t.expect.equal(after, before, { en: 'the stock of "cup" once the order is cancelled', 'zh-cn': '订单取消后 cup 的库存' }, {
        en: 'the compensation: DELETE STOCK_URL/reservations/<reservation id> before the order is "cancelled"',
        'zh-cn': '补偿操作：在订单变为 "cancelled" 之前调用 DELETE STOCK_URL/reservations/<预留 id>',
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.cancelled', situation);
    },
  },
  {
    id: 'payment-timeout-resolved',
    title: {
      en: 'A charge whose answer comes too late is found, not cancelled: one charge, order confirmed',
      'zh-cn': '扣款应答来得太晚时先查清结果而不是取消：只扣一次，订单确认',
    },
    points: 3,
    async run(t) {
      const { paymentTimeoutMs, retryMs } = timings(t);
      const lateMs = paymentTimeoutMs + 150;
      const control = await t.http('payments').post('/control/answer-late', { ms: lateMs, times: 1 });
      t.expect.status(control, 204, { en: 'the payments service (provided by the lab): try the check again', 'zh-cn': 'payments 服务（由实验提供），请重新运行检查' });
      const before = await stockOf(t, 'kettle');
      const placed = await placeOrder(t, { sku: 'kettle', quantity: 1, amount: 40 });
      const situation = {
        en: `An order whose charge is made at once but answered after ${lateMs} ms (your PAYMENT_TIMEOUT_MS is ${paymentTimeoutMs})`,
        'zh-cn': `一个订单，payments 立即完成扣款，却在 ${lateMs} ms 后才应答（你的 PAYMENT_TIMEOUT_MS 是 ${paymentTimeoutMs}）`,
      };
      const order = await finalState(t, placed.id, lateMs + 1500, situation);
      // A saga that sends the POST again does it at once: give it a moment to show.
      await t.sleep(retryMs * 2);
      const charges = await chargesFor(t, placed.id);
      t.expect.ok(charges.length === 1, {
        en:
          `${situation.en}: expected exactly one charge at payments, got ${charges.length}. ` +
          (charges.length > 1
            ? 'POST /payments is not idempotent: after a timeout, never send it again. Ask GET PAYMENTS_URL/payments?orderId=<id> what happened.'
            : 'Look at how your saga calls POST /payments.'),
        'zh-cn':
          `${situation['zh-cn']}：payments 上应当恰好有一笔扣款，实际有 ${charges.length} 笔。` +
          (charges.length > 1
            ? 'POST /payments 不是幂等的：超时后绝不能再发一次。应当用 GET PAYMENTS_URL/payments?orderId=<id> 查询实际发生了什么。'
            : '请检查 Saga 调用 POST /payments 的方式。'),
      });
      const now = (await t.http('orders').get(`/orders/${placed.id}`)).json;
      t.expect.ok(order.state === 'confirmed' && now?.state === 'confirmed', {
        en:
          `${situation.en}: the customer was charged, so the order must end "confirmed"; it was "${order.state}"` +
          (now?.state !== order.state ? ` and later "${now?.state}"` : '') +
          `. A timeout does not mean the charge failed: it means you do not know. Ask GET PAYMENTS_URL/payments?orderId=<id> and go on with the saga when the charge is there.`,
        'zh-cn':
          `${situation['zh-cn']}：顾客已经被扣款，所以订单最终必须是 "confirmed"，实际是 "${order.state}"` +
          (now?.state !== order.state ? `，后来又变成 "${now?.state}"` : '') +
          `。超时并不代表扣款失败，只代表你不知道结果。请用 GET PAYMENTS_URL/payments?orderId=<id> 查询，扣款确实存在就继续完成 Saga。`,
      });
      const after = await stockOf(t, 'kettle');
      t.expect.equal(before - after, 1, { en: 'the kettles still reserved for the confirmed order', 'zh-cn': '已确认订单仍然预留着的 kettle 数' }, {
        en: 'your compensation: a charged order keeps its stock',
        'zh-cn': '你的补偿逻辑：已扣款的订单不能释放库存',
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.confirmed', situation);
    },
  },
  {
    id: 'outbox-survives-crash',
    title: {
      en: 'Killed between commit and publish: the event is published after the restart, once',
      'zh-cn': '在提交与发布之间被杀掉：重启后事件照样发布，且只发布一次',
    },
    points: 3,
    async run(t) {
      const { relayMs } = timings(t);
      t.fault('events').fail(503);
      const placed = await placeOrder(t, { sku: 'teapot', quantity: 1, amount: 20 });
      const situation = { en: 'An order confirmed while events answers 503', 'zh-cn': '一个订单在 events 返回 503 期间完成确认' };
      const order = await finalState(t, placed.id, 1500, situation);
      t.expect.equal(order.state, 'confirmed', { en: 'the state of the order', 'zh-cn': '订单的状态' }, {
        en: 'your saga: the order does not wait for events; its event waits in the outbox',
        'zh-cn': '你的 Saga：订单不必等 events，它的事件在发件箱里等待发布',
      });
      await t.sleep(relayMs * 3);
      await t.service('orders').kill();
      t.fault('events').clear();
      await t.service('orders').restart();
      const again = await t.http('orders').get(`/orders/${placed.id}`);
      const restarted = { en: 'After orders was killed and restarted (its tmp folder kept)', 'zh-cn': 'orders 被杀掉又重启之后（tmp 目录保留）' };
      t.expect.ok(again.status === 200 && again.json?.state === 'confirmed', {
        en: `${restarted.en}: expected GET /orders/${placed.id} to answer 200 with state "confirmed", got ${again.summary}. Look at your store: append every change to orders.jsonl in os.tmpdir(), and read the file back when orders starts.`,
        'zh-cn': `${restarted['zh-cn']}：期望 GET /orders/${placed.id} 返回 200 且状态为 "confirmed"，实际得到 ${again.summary}。请检查你的存储：每次变更都追加写入 os.tmpdir() 下的 orders.jsonl，orders 启动时再把这个文件读回来。`,
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1500), 'order.confirmed', restarted);
    },
  },
  {
    id: 'compensation-retried',
    title: {
      en: 'A release that fails is retried until the stock is back',
      'zh-cn': '释放库存失败时不断重试，直到库存恢复',
    },
    points: 2,
    async run(t) {
      const { retryMs } = timings(t);
      const before = await stockOf(t, 'lamp');
      t.fault('stock').fail(503, { method: 'DELETE', path: '/reservations/*', times: 3 });
      const placed = await placeOrder(t, { sku: 'lamp', quantity: 2, amount: 700 });
      const situation = {
        en: 'A declined order while stock answers 503 to the first 3 releases',
        'zh-cn': '一个被拒绝扣款的订单，而 stock 对前 3 次释放请求都返回 503',
      };
      const order = await finalState(t, placed.id, 1500 + retryMs * 10, situation);
      const releases = t.fault('stock').requests.filter((r) => r.method === 'DELETE').length;
      t.expect.equal(order.state, 'cancelled', { en: 'the state of the order', 'zh-cn': '订单的状态' }, {
        en: 'your compensation: commit "cancelled" once the release succeeded',
        'zh-cn': '你的补偿逻辑：释放成功之后再提交 "cancelled"',
      });
      const after = await stockOf(t, 'lamp');
      t.expect.ok(after === before, {
        en:
          `${situation.en}: the stock of "lamp" should be back to ${before} once the order is cancelled, it is ${after}; ` +
          `${releases} DELETE /reservations/… reached stock. A compensation must happen: retry it (every RETRY_MS) until stock answers 200.`,
        'zh-cn':
          `${situation['zh-cn']}：订单取消后 lamp 的库存应当回到 ${before}，实际是 ${after}；` +
          `共有 ${releases} 次 DELETE /reservations/… 到达 stock。补偿操作必须完成：每隔 RETRY_MS 重试一次，直到 stock 返回 200。`,
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.cancelled', situation);
    },
  },
];

export default checks;
