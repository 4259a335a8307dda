/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext, HttpResponse, RecordedRequest } from '../../src/engine/checks.ts';

/** A text in both of the course's languages, for the helpers that build messages from parts. */
export type Text = { en: string; 'zh-cn': string };

/** checkout's timing constants, as lab.json gives them (the checks use the same numbers). */
export function numbers(t: CheckContext): { timeoutMs: number; maxAttempts: number; backoffMs: number } {
  const env = t.env('checkout');
  return {
    timeoutMs: Number(env.PAYMENTS_TIMEOUT_MS ?? 200),
    maxAttempts: Number(env.MAX_ATTEMPTS ?? 4),
    backoffMs: Number(env.BACKOFF_MS ?? 20),
  };
}

/** The longest the backoff can add up to over `retries` retries: BACKOFF_MS + 2·BACKOFF_MS + 4·BACKOFF_MS… */
export function backoffCeiling(backoffMs: number, retries: number): number {
  let sum = 0;
  for (let n = 1; n <= retries; n++) sum += backoffMs * 2 ** (n - 1);
  return sum;
}

/** An order id no other check uses (the services keep their state from check to check). */
export function orderId(t: CheckContext, label: string): string {
  return `o-${label}-${Math.floor(t.random() * 1e9).toString(36)}`;
}

export interface BankCharge {
  id: string;
  orderId: string;
  amount: number;
}

/** What the bank itself says it charged for `order` (asked directly, not through the proxy). */
export async function charges(t: CheckContext, order: string): Promise<BankCharge[]> {
  const res = await t.http('bank').get(`/charges?orderId=${encodeURIComponent(order)}`);
  t.expect.status(res, 200, {
    en: 'the bank service (provided by the lab): it should not fail here; try the check again',
    'zh-cn': 'bank 服务（由实验提供），它在这里本不该出错，请重新运行检查',
  });
  return res.json.charges as BankCharge[];
}

/** Asserts that the bank charged `order` exactly once, `amount` cents. `situation` says what happened. */
export async function expectOneCharge(t: CheckContext, order: string, amount: number, situation: Text, look: Text): Promise<void> {
  const found = await charges(t, order);
  t.expect.ok(found.length === 1 && found[0]!.amount === amount, {
    en:
      `${situation.en}: expected the bank to charge order ${order} exactly once (${amount} cents), ` +
      `it charged it ${found.length} time(s): ${JSON.stringify(found)}. Look at ${look.en}.`,
    'zh-cn':
      `${situation['zh-cn']}：期望银行对订单 ${order} 恰好扣款一次（${amount} 分），` +
      `实际扣了 ${found.length} 次：${JSON.stringify(found)}。请检查：${look['zh-cn']}。`,
  });
}

/** Waits until the bank shows a charge for `order` (a charge still under way), at most `ms`. */
export async function waitForCharge(t: CheckContext, order: string, ms = 1500): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await charges(t, order)).length > 0) return;
    await t.sleep(10);
  }
}

/** POST /payments requests checkout sent that reached payments' proxy since `since` (a Date.now()). */
export function attemptsSince(t: CheckContext, since: number): RecordedRequest[] {
  return t
    .fault('payments')
    .requests.filter((r) => r.method === 'POST' && r.path === '/payments' && r.from !== 'grader' && r.at >= since);
}

/** The Idempotency-Key each attempt carried ("(none)" when it had none). */
export function keysOf(attempts: readonly RecordedRequest[]): string[] {
  return attempts.map((a) => a.headers['idempotency-key'] || '(none)');
}

/** Asserts that every attempt carried the same, non-empty Idempotency-Key. */
export function expectOneKey(t: CheckContext, attempts: readonly RecordedRequest[], situation: Text): void {
  const keys = keysOf(attempts);
  const ok = keys.length > 0 && keys.every((k) => k !== '(none)' && k === keys[0]);
  t.expect.ok(ok, {
    en:
      `${situation.en}: expected every attempt to carry the same Idempotency-Key header, ` +
      `the ${keys.length} attempt(s) carried: ${keys.join(', ') || 'none'}. ` +
      `Look at where checkout makes the key: once per checkout, before the retry loop, and sent with every attempt.`,
    'zh-cn':
      `${situation['zh-cn']}：期望每次尝试都带着同一个 Idempotency-Key 请求头，` +
      `实际 ${keys.length} 次尝试带的是：${keys.join('、') || '无'}。` +
      `请检查 checkout 生成键的位置：每次结账只生成一次，放在重试循环之前，并随每次尝试发送。`,
  });
}

/** POST /payments straight to payments (not through checkout), with an Idempotency-Key. */
export function payDirect(t: CheckContext, key: string | undefined, order: string, amount: number, timeoutMs?: number): Promise<HttpResponse | undefined> {
  return t.http('payments').attempt('POST', '/payments', {
    headers: key === undefined ? {} : { 'idempotency-key': key },
    body: { orderId: order, amount },
    timeoutMs,
  });
}

/** Like payDirect, but an answer is required. */
export async function payDirectAnswered(t: CheckContext, key: string | undefined, order: string, amount: number, what: Text): Promise<HttpResponse> {
  return t.expect.defined(await payDirect(t, key, order, amount), {
    en: `${what.en}: payments gave no answer within 2 s (or its process stopped). Look at the POST /payments route in payments.ts.`,
    'zh-cn': `${what['zh-cn']}：payments 在 2 秒内没有应答（或者它的进程停止了）。请检查 payments.ts 中的 POST /payments 路由。`,
  });
}

/** POST /checkout; an answer is required. */
export async function checkout(t: CheckContext, order: string, amount: number, what: Text, timeoutMs = 3000): Promise<HttpResponse> {
  return t.expect.defined(await t.http('checkout').attempt('POST', '/checkout', { body: { orderId: order, amount }, timeoutMs }), {
    en: `${what.en}: checkout gave no answer within ${timeoutMs} ms (or its process stopped). Look at the time limit of each call to payments and at the number of attempts.`,
    'zh-cn': `${what['zh-cn']}：checkout 在 ${timeoutMs} ms 内没有应答（或者它的进程停止了）。请检查每次调用 payments 的时限和尝试次数。`,
  });
}

/** Asserts a 201 answer of POST /checkout for `order`. */
export function expectPaid(t: CheckContext, res: HttpResponse, order: string, situation: Text): void {
  t.expect.status(res, 201, {
    en: `POST /checkout (${situation.en}): when payments answers 201, checkout answers 201 {"orderId", "amount", "paymentId"}`,
    'zh-cn': `POST /checkout（${situation['zh-cn']}）：payments 返回 201 时，checkout 应返回 201 {"orderId", "amount", "paymentId"}`,
  });
  t.expect.ok(res.json?.orderId === order && typeof res.json?.paymentId === 'string', {
    en: `POST /checkout (${situation.en}): expected {"orderId": "${order}", "amount", "paymentId": "<payments' id>"}, got ${res.summary}. Look at the 201 answer of checkout.`,
    'zh-cn': `POST /checkout（${situation['zh-cn']}）：期望得到 {"orderId": "${order}", "amount", "paymentId": "<payments 返回的 id>"}，实际得到 ${res.summary}。请检查 checkout 的 201 应答。`,
  });
}
