import type { Check } from '../../../src/engine/checks.ts';
import { timings, placeOrder, finalState, stockOf, chargesFor, settledEvents, eventsFor, expectOneEvent } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'payment-error-compensated',
    title: {
      en: 'A 500 from payments, with nothing charged: the order is cancelled and the stock released',
      'zh-cn': 'payments 返回 500 且并未扣款：订单取消，库存释放',
    },
    points: 2,
    async run(t) {
      const before = await stockOf(t, 'cup');
      t.fault('payments').fail(500, { method: 'POST', path: '/payments', times: 1 });
      const placed = await placeOrder(t, { sku: 'cup', quantity: 1, amount: 25 });
      const situation = { en: 'An order whose POST /payments got a 500 that never reached payments', 'zh-cn': '一个订单的 POST /payments 得到 500，而请求根本没有到达 payments' };
      const order = await finalState(t, placed.id, 1500, situation);
      const charges = await chargesFor(t, placed.id);
      t.expect.ok(order.state === 'cancelled' && charges.length === 0, {
        en:
          `${situation.en}: expected the order "cancelled" with no charge, got "${order.state}" with ${charges.length} charge(s). ` +
          `A 5xx leaves the charge unclear: ask GET PAYMENTS_URL/payments?orderId=<id>; when there is no charge, compensate and cancel. Never confirm an order nobody paid for.`,
        'zh-cn':
          `${situation['zh-cn']}：期望订单为 "cancelled" 且没有扣款，实际是 "${order.state}"，有 ${charges.length} 笔扣款。` +
          `5xx 说明扣款结果不明：请用 GET PAYMENTS_URL/payments?orderId=<id> 查询；没有扣款就执行补偿并取消。没人付钱的订单绝不能确认。`,
      });
      t.expect.equal(await stockOf(t, 'cup'), before, { en: 'the stock of "cup" once the order is cancelled', 'zh-cn': '订单取消后 cup 的库存' }, {
        en: 'the compensation: DELETE STOCK_URL/reservations/<reservation id>',
        'zh-cn': '补偿操作：DELETE STOCK_URL/reservations/<预留 id>',
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.cancelled', situation);
    },
  },
  {
    id: 'out-of-stock',
    title: {
      en: 'Out of stock: cancelled without calling payments',
      'zh-cn': '库存不足：不调用 payments，直接取消',
    },
    points: 1,
    async run(t) {
      const placed = await placeOrder(t, { sku: 'mug', quantity: 1, amount: 10 });
      const situation = { en: 'An order of a "mug" (none in stock: 409)', 'zh-cn': '一个 mug 订单（没有库存：409）' };
      const order = await finalState(t, placed.id, 1500, situation);
      const calls = t.fault('payments').count;
      t.expect.ok(order.state === 'cancelled' && calls === 0, {
        en: `${situation.en}: expected "cancelled" without any call to payments, got "${order.state}" after ${calls} call(s) to payments. Look at the first step of your saga: a 4xx from POST /reservations ends the saga, there is nothing to charge or compensate.`,
        'zh-cn': `${situation['zh-cn']}：期望订单为 "cancelled"，且一次也不调用 payments，实际是 "${order.state}"，调用了 payments ${calls} 次。请检查 Saga 的第一步：POST /reservations 返回 4xx 时 Saga 就此结束，既不用扣款，也无须补偿。`,
      });
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.cancelled', situation);
    },
  },
  {
    id: 'publish-exactly-once',
    title: {
      en: 'Published, acknowledgement lost, then killed: the consumer still sees one event',
      'zh-cn': '事件已发布但确认丢失，随后进程被杀：消费者仍只看到一个事件',
    },
    points: 2,
    async run(t) {
      const { relayMs } = timings(t);
      t.fault('events').reset({ when: 'after-request' });
      const placed = await placeOrder(t, { sku: 'teapot', quantity: 1, amount: 15 });
      const situation = {
        en: 'Events received every publish but each answer was lost (connection reset), then orders was killed and restarted',
        'zh-cn': 'events 收到了每一次发布，但每个应答都丢了（连接被重置），随后 orders 被杀掉又重启',
      };
      await finalState(t, placed.id, 1500, situation);
      const started = Date.now();
      while ((await eventsFor(t, placed.id)).deliveries < 2 && Date.now() - started < 1500) await t.sleep(relayMs);
      await t.service('orders').kill();
      t.fault('events').clear();
      await t.service('orders').restart();
      expectOneEvent(t, await settledEvents(t, placed.id, 1000), 'order.confirmed', situation);
    },
  },
];

export default checks;
