/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext, HttpResponse, RecordedRequest } from '../../src/engine/checks.ts';

export const SKU = 'teapot';
export const AVAILABILITY = `/orders/availability/${SKU}`;

/**
 * The lab's timing as the grader runs it: lab.json sets it in the orders service's environment,
 * and resilience.ts reads it there (the README's numbers, 300 ms, 50/100 ms and 1000 ms, are the
 * defaults). Every wait and every bound of the checks is computed from it.
 */
export interface Timing {
  /** CALL_TIMEOUT_MS: the time limit of one call. */
  callMs: number;
  /** RETRY_DELAYS_MS: the waits before the 1st and the 2nd retry. */
  delays: [number, number];
  /** BREAKER_OPEN_MS: how long the breaker stays open. */
  openMs: number;
}

export function timing(t: CheckContext): Timing {
  const env = t.env('orders');
  const delays = (env.RETRY_DELAYS_MS ?? '50,100').split(',').map(Number);
  return { callMs: Number(env.CALL_TIMEOUT_MS ?? 300), delays: [delays[0] ?? 50, delays[1] ?? 100], openMs: Number(env.BREAKER_OPEN_MS ?? 1000) };
}

/** The slowest a GET may be: 3 calls cut at the limit and both waits. */
export function worstGetMs({ callMs, delays }: Timing): number {
  return 3 * callMs + delays[0] + delays[1];
}


/** A text in both of the course's languages, for the helpers that build messages from parts. */
export type Text = { en: string; 'zh-cn': string };

/**
 * The orders service is not restarted between checks, so its breaker remembers the previous
 * check. With inventory healthy, wait until a GET answers normally again (at most one open
 * interval), which also resets the failure count. Returns how many requests reached inventory
 * so far: count calls from there.
 */
export async function settle(t: CheckContext): Promise<number> {
  const { openMs } = timing(t);
  const settleMs = 2 * openMs + 1000;
  const started = Date.now();
  let last: HttpResponse | undefined;
  while (Date.now() - started < settleMs) {
    last = await t.http('orders').attempt('GET', AVAILABILITY);
    if (last?.status === 200 && last.json?.degraded !== true && typeof last.json?.available === 'number') {
      return t.fault('inventory').count;
    }
    await t.sleep(Math.max(10, Math.round(openMs / 10)));
  }
  t.expect.fail({
    en:
      `Before this check, inventory is healthy again, so once your breaker's open interval (BREAKER_OPEN_MS = ${openMs} ms) ` +
      `has passed, GET ${AVAILABILITY} should answer 200 {"sku": "${SKU}", "available": <number>, "degraded": false}. ` +
      `After ${settleMs} ms it still answered ${last?.summary ?? 'nothing'}. ` +
      `Look at the half-open state of your breaker: after the open interval it must let one trial call through and close when it succeeds.`,
    'zh-cn':
      `本检查开始前 inventory 已恢复正常，所以熔断器的打开时长（BREAKER_OPEN_MS = ${openMs} ms）一过，` +
      `GET ${AVAILABILITY} 就应当返回 200 {"sku": "${SKU}", "available": <number>, "degraded": false}。` +
      `可是等了 ${settleMs} ms，${last ? `它返回的仍是 ${last.summary}` : '它仍然没有应答'}。` +
      `请检查熔断器的半开状态：打开时长过后，它必须放行一次试探调用，并在这次调用成功后闭合。`,
  });
}

/** Requests that reached inventory since `base`. */
export function callsSince(t: CheckContext, base: number): readonly RecordedRequest[] {
  return t.fault('inventory').requests.slice(base);
}

export function list(calls: readonly RecordedRequest[], lang: keyof Text = 'en'): string {
  if (calls.length === 0) return lang === 'en' ? 'none' : '无';
  return calls.map((c) => `${c.method} ${c.path}`).join(lang === 'en' ? ', ' : '、');
}

/** The Chinese for "got <n>: <list>": how many calls actually reached inventory, and which. */
export function got(calls: readonly RecordedRequest[]): string {
  return calls.length === 0 ? '实际一次也没有' : `实际有 ${calls.length} 次：${list(calls, 'zh-cn')}`;
}

/** What inventory itself says (direct, not through the proxy: not counted). */
export async function realStock(t: CheckContext, sku = SKU): Promise<number> {
  const res = await t.http('inventory').get(`/stock/${sku}`);
  t.expect.status(res, 200, {
    en: 'the inventory service (provided by the lab): it should not fail here; try the check again',
    'zh-cn': 'inventory 服务（由实验提供），它在这里本不该出错，请重新运行检查',
  });
  return res.json.available;
}

/** Asserts the fallback answer of GET /orders/availability/<sku>. */
export function expectDegraded(t: CheckContext, res: HttpResponse, why: Text): void {
  t.expect.status(res, 200, {
    en: `the fallback of GET /orders/availability/:sku (${why.en}): it answers 200 {"sku", "available": null, "degraded": true}`,
    'zh-cn': `GET /orders/availability/:sku 的降级应答（${why['zh-cn']}），它应返回 200 {"sku", "available": null, "degraded": true}`,
  });
  const body = t.expect.json(res, {
    en: 'the fallback of GET /orders/availability/:sku: send JSON',
    'zh-cn': 'GET /orders/availability/:sku 的降级应答，它应以 JSON 格式发送',
  });
  t.expect.ok(body.degraded === true && body.available === null && body.sku === SKU, {
    en:
      `GET ${res.path} (${why.en}): expected the fallback {"sku": "${SKU}", "available": null, "degraded": true}, got ${res.summary}. ` +
      `Look at the catch around the call to inventory in GET /orders/availability/:sku.`,
    'zh-cn':
      `GET ${res.path}（${why['zh-cn']}）：期望得到降级应答 {"sku": "${SKU}", "available": null, "degraded": true}，实际得到 ${res.summary}。` +
      `请检查 GET /orders/availability/:sku 中包住 inventory 调用的 catch。`,
  });
}

/** Asserts a normal answer of GET /orders/availability/<sku> carrying inventory's number. */
export function expectNormal(t: CheckContext, res: HttpResponse, available: number, why: Text, look: Text): void {
  t.expect.status(res, 200, look);
  const body = t.expect.json(res, {
    en: 'GET /orders/availability/:sku: send JSON',
    'zh-cn': 'GET /orders/availability/:sku 的应答，它应以 JSON 格式发送',
  });
  t.expect.ok(body.degraded === false && body.available === available && body.sku === SKU, {
    en: `GET ${res.path} (${why.en}): expected {"sku": "${SKU}", "available": ${available}, "degraded": false}, got ${res.summary}. Look at ${look.en}.`,
    'zh-cn': `GET ${res.path}（${why['zh-cn']}）：期望得到 {"sku": "${SKU}", "available": ${available}, "degraded": false}，实际得到 ${res.summary}。请检查：${look['zh-cn']}。`,
  });
}

/** Makes the breaker open: inventory fails every call, and two GETs make 3 + 2 = 5 failed calls. */
export async function openBreaker(t: CheckContext, base: number): Promise<void> {
  t.fault('inventory').fail(500);
  for (let i = 1; i <= 2; i++) {
    const res = await t.http('orders').get(AVAILABILITY);
    expectDegraded(t, res, {
      en: `inventory answers 500 to every call, request ${i} of 2`,
      'zh-cn': `inventory 对每次调用都返回 500，2 个请求中的第 ${i} 个`,
    });
  }
  const calls = callsSince(t, base);
  t.expect.ok(calls.length === 5, {
    en:
      `While inventory answers 500 to every call, two GET ${AVAILABILITY} should make exactly 5 calls to inventory ` +
      `(3 for the first request; 2 for the second, after which 5 failures in a row open the breaker and the third attempt is refused), ` +
      `got ${calls.length}: ${list(calls)}. ` +
      (calls.length > 5
        ? 'Look at your breaker: every failed call counts, retries included, and the 5th failure in a row opens it.'
        : 'Look at your retries (at most 2 per GET) and at the failure threshold (5 failed calls in a row).'),
    'zh-cn':
      `inventory 对每次调用都返回 500 时，两个 GET ${AVAILABILITY} 应当恰好调用 inventory 5 次` +
      `（第一个请求 3 次；第二个请求 2 次，此时已连续失败 5 次，熔断器打开，第 3 次尝试被拒绝），` +
      `${got(calls)}。` +
      (calls.length > 5
        ? '请检查熔断器：每次失败的调用都要计数（重试也算），连续第 5 次失败时熔断器就要打开。'
        : '请检查重试次数（每个 GET 最多重试 2 次）和失败阈值（连续 5 次调用失败）。'),
  });
}
