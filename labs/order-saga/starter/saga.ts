import { commit, type Order } from './store.ts';
import { relayOnce } from './relay.ts';

/**
 * The order saga: reserve stock, charge, confirm.
 * TODO: when the charge fails, compensate (release the stock, retried until stock answers)
 *       before the order is cancelled; and when the charge's answer is lost (a timeout, a
 *       connection error, a 5xx), find out what payments did instead of guessing.
 */
const stockUrl = process.env.STOCK_URL ?? 'http://127.0.0.1:3001';
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:3002';
const PAYMENT_TIMEOUT_MS = Number(process.env.PAYMENT_TIMEOUT_MS ?? 1000);
const RETRY_MS = Number(process.env.RETRY_MS ?? 200);

interface Answer {
  status: number;
  body: any;
}

export function sleep(ms: number): Promise<void> {
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

export async function runSaga(order: Order): Promise<void> {
  const reserved = await call('POST', `${stockUrl}/reservations`, { orderId: order.id, sku: order.sku, quantity: order.quantity });
  if (reserved.status !== 201 && reserved.status !== 200) {
    commit({ ...order, state: 'cancelled', reason: reserved.body?.error ?? `stock answered ${reserved.status}` }, ['order.cancelled']);
    return void relayOnce();
  }
  order = commit({ ...order, reservationId: reserved.body.id });

  let charged: Answer | undefined;
  try {
    charged = await call('POST', `${paymentsUrl}/payments`, { orderId: order.id, amount: order.amount }, PAYMENT_TIMEOUT_MS);
  } catch (error) {
    console.log(`order ${order.id}: payments did not answer: ${(error as Error).message}`);
  }
  if (charged?.status === 201) {
    commit({ ...order, state: 'confirmed', paymentId: charged.body.id }, ['order.confirmed']);
    return void relayOnce();
  }

  // TODO: compensate first: DELETE STOCK_URL/reservations/<order.reservationId>, retried every RETRY_MS.
  console.log(`order ${order.id}: payment failed (retry every ${RETRY_MS} ms when you compensate)`);
  commit({ ...order, state: 'cancelled', reason: 'the payment failed' }, ['order.cancelled']);
  void relayOnce();
}
