/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext, HttpResponse } from '../../src/engine/checks.ts';

/** A text in both of the course's languages, for the helpers that build messages from parts. */
export type Text = { en: string; 'zh-cn': string };

export interface Order {
  id: string;
  sku: string;
  quantity: number;
  amount: number;
  state: string;
  [key: string]: unknown;
}

/** The timing constants lab.json gives orders (the checks wait in multiples of them). */
export function timings(t: CheckContext): { paymentTimeoutMs: number; retryMs: number; relayMs: number } {
  const env = t.env('orders');
  return {
    paymentTimeoutMs: Number(env.PAYMENT_TIMEOUT_MS ?? 200),
    retryMs: Number(env.RETRY_MS ?? 20),
    relayMs: Number(env.RELAY_INTERVAL_MS ?? 20),
  };
}

const FINAL = ['confirmed', 'cancelled'];

/** POST /orders; expects 202 with the pending order and its id. */
export async function placeOrder(t: CheckContext, body: { sku: string; quantity: number; amount: number }): Promise<Order> {
  const res = await t.http('orders').post('/orders', body);
  const what = JSON.stringify(body);
  t.expect.status(res, 202, {
    en: `POST /orders ${what}: it commits the order as "pending", answers 202 with it and runs the saga after answering`,
    'zh-cn': `POST /orders ${what}：它应先把订单以 "pending" 状态提交，返回 202 和这个订单，应答之后再运行 Saga`,
  });
  const order = t.expect.json(res, { en: 'the 202 answer of POST /orders: send the order as JSON', 'zh-cn': 'POST /orders 的 202 应答，应以 JSON 格式返回订单' });
  t.expect.ok(typeof order?.id === 'string' && order.id.length > 0, {
    en: `POST /orders ${what}: expected the order with its "id", got ${res.summary}.`,
    'zh-cn': `POST /orders ${what}：应答中应有订单的 id，实际得到 ${res.summary}。`,
  });
  return order as Order;
}

/** GET /orders/<id> until its state is confirmed or cancelled (or `withinMs` passed). */
export async function finalState(t: CheckContext, id: string, withinMs: number, situation: Text): Promise<Order> {
  const started = Date.now();
  let last: HttpResponse | undefined;
  for (;;) {
    last = await t.http('orders').get(`/orders/${id}`);
    if (last.status === 200 && FINAL.includes(last.json?.state)) return last.json as Order;
    if (Date.now() - started > withinMs) break;
    await t.sleep(20);
  }
  const state = last.status === 200 ? String(last.json?.state) : undefined;
  t.expect.fail({
    en:
      `${situation.en}: expected GET /orders/${id} to reach "confirmed" or "cancelled" within ${withinMs} ms, ` +
      (state ? `it is still "${state}" (${last.summary}). Look at the step of your saga that should have finished it.` : `got ${last.summary}. Look at the GET /orders/:id route and at what your store keeps.`),
    'zh-cn':
      `${situation['zh-cn']}：期望 GET /orders/${id} 在 ${withinMs} ms 内变为 "confirmed" 或 "cancelled"，` +
      (state ? `它仍是 "${state}"（${last.summary}）。请检查 Saga 中本该让订单结束的那一步。` : `实际得到 ${last.summary}。请检查 GET /orders/:id 路由以及你的存储保存了什么。`),
  });
}

/** What stock has left (asked directly, not through the proxy). */
export async function stockOf(t: CheckContext, sku: string): Promise<number> {
  const res = await t.http('stock').get(`/stock/${sku}`);
  t.expect.status(res, 200, { en: 'the stock service (provided by the lab): try the check again', 'zh-cn': 'stock 服务（由实验提供），请重新运行检查' });
  return res.json.available;
}

/** Every charge payments made for this order. */
export async function chargesFor(t: CheckContext, orderId: string): Promise<{ id: string; amount: number }[]> {
  const res = await t.http('payments').get(`/payments?orderId=${encodeURIComponent(orderId)}`);
  t.expect.status(res, 200, { en: 'the payments service (provided by the lab): try the check again', 'zh-cn': 'payments 服务（由实验提供），请重新运行检查' });
  return res.json.payments;
}

/** What the consumers of events saw for this order: one entry per event id. */
export async function eventsFor(t: CheckContext, orderId: string): Promise<{ events: { id: string; type: string }[]; deliveries: number }> {
  const res = await t.http('events').get(`/events?orderId=${encodeURIComponent(orderId)}`);
  t.expect.status(res, 200, { en: 'the events service (provided by the lab): try the check again', 'zh-cn': 'events 服务（由实验提供），请重新运行检查' });
  return res.json;
}

/** Waits until events has at least one event for the order, then a few relay intervals more for stray copies. */
export async function settledEvents(t: CheckContext, orderId: string, withinMs: number) {
  const { relayMs } = timings(t);
  const started = Date.now();
  while ((await eventsFor(t, orderId)).events.length === 0 && Date.now() - started < withinMs) await t.sleep(20);
  await t.sleep(relayMs * 2);
  return eventsFor(t, orderId);
}

export function types(events: { type: string }[]): string {
  return events.length === 0 ? '[]' : `[${events.map((e) => e.type).join(', ')}]`;
}

/** Exactly one event for the order, of type `type`, as the consumer sees it. */
export function expectOneEvent(t: CheckContext, seen: { events: { type: string }[] }, type: string, situation: Text): void {
  const { events } = seen;
  t.expect.ok(events.length === 1 && events[0]!.type === type, {
    en:
      `${situation.en}: the consumer should see exactly one event, ${type}, for this order; it saw ${events.length}: ${types(events)}. ` +
      (events.length === 0
        ? 'Look at your outbox: the event is written in the same line as the order\'s new state, and the relay publishes it to EVENTS_URL/events.'
        : events.length > 1
          ? 'Look at where the event id is chosen: once, when the event is written to the outbox, so that every retry sends the same id.'
          : 'Look at which event your saga writes with this state.'),
    'zh-cn':
      `${situation['zh-cn']}：对这个订单，消费者应当恰好看到一个 ${type} 事件，实际看到 ${events.length} 个：${types(events)}。` +
      (events.length === 0
        ? '请检查发件箱：事件要和订单的新状态写在同一行里，再由转发器发布到 EVENTS_URL/events。'
        : events.length > 1
          ? '请检查事件 id 是在哪里生成的：应当在事件写入发件箱时生成一次，这样每次重试发送的都是同一个 id。'
          : '请检查 Saga 在这个状态下写入的是哪个事件。'),
  });
}
