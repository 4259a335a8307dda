import { commit, type Order } from './store.ts';
import { relayOnce } from './relay.ts';

/**
 * The order saga: reserve stock, charge, confirm. When the charge fails, compensate: release
 * the stock, then cancel. Every step's outcome is committed to the store before the next one.
 */
const stockUrl = process.env.STOCK_URL ?? 'http://127.0.0.1:3001';
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:3002';
const PAYMENT_TIMEOUT_MS = Number(process.env.PAYMENT_TIMEOUT_MS ?? 1000);
const RETRY_MS = Number(process.env.RETRY_MS ?? 200);

interface Answer {
  status: number;
  body: any;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One HTTP call. Rejects on a timeout or a connection error. */
async function call(method: string, url: string, body?: unknown, timeoutMs = 1000): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/**
 * For steps that must happen sooner or later and are safe to repeat (a reservation keyed by the
 * order, a release, a lookup): call until the service answers something other than a 5xx.
 */
async function untilAnswered(method: string, url: string, body?: unknown): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await call(method, url, body);
      if (answer.status < 500) return answer;
      console.log(`${method} ${url}: ${answer.status}, retry ${attempt}`);
    } catch (error) {
      console.log(`${method} ${url}: ${(error as Error).message}, retry ${attempt}`);
    }
    await sleep(RETRY_MS);
  }
}

/** Charges once. Returns the payment, or why there is none. Never charges a second time. */
async function charge(order: Order): Promise<{ paymentId?: string; reason?: string }> {
  try {
    const answer = await call('POST', `${paymentsUrl}/payments`, { orderId: order.id, amount: order.amount }, PAYMENT_TIMEOUT_MS);
    if (answer.status === 201) return { paymentId: answer.body.id };
    // A 4xx is a clear no (402 declined): nothing was charged.
    if (answer.status < 500) return { reason: answer.body?.error ?? `payments answered ${answer.status}` };
  } catch {
    // A timeout or a lost connection: the charge may have happened.
  }
  // We do not know. Ask payments what it did for this order instead of guessing (or charging again).
  const found = await untilAnswered('GET', `${paymentsUrl}/payments?orderId=${encodeURIComponent(order.id)}`);
  const payment = found.status === 200 ? found.body?.payments?.[0] : undefined;
  console.log(`order ${order.id}: the charge was unclear, payments says ${payment ? 'charged' : 'not charged'}`);
  return payment ? { paymentId: payment.id } : { reason: 'the payment failed' };
}

export async function runSaga(order: Order): Promise<void> {
  const reserved = await untilAnswered('POST', `${stockUrl}/reservations`, { orderId: order.id, sku: order.sku, quantity: order.quantity });
  if (reserved.status !== 201 && reserved.status !== 200) {
    // Nothing was reserved, so there is nothing to compensate.
    commit({ ...order, state: 'cancelled', reason: reserved.body?.error ?? `stock answered ${reserved.status}` }, ['order.cancelled']);
    return void relayOnce();
  }
  order = commit({ ...order, reservationId: reserved.body.id });

  const { paymentId, reason } = await charge(order);
  if (paymentId) {
    commit({ ...order, state: 'confirmed', paymentId }, ['order.confirmed']);
    return void relayOnce();
  }

  // Compensate in reverse order: the stock goes back, retried until stock answers.
  order = commit({ ...order, state: 'cancelling', reason });
  await untilAnswered('DELETE', `${stockUrl}/reservations/${encodeURIComponent(order.reservationId!)}`);
  commit({ ...order, state: 'cancelled' }, ['order.cancelled']);
  void relayOnce();
}
