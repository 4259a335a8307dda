/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext, HttpResponse } from '../../src/engine/checks.ts';

/** A text in both of the course's languages, for the helpers that build messages from parts. */
export type Text = { en: string; 'zh-cn': string };

export const ECHOES = ['echo-1', 'echo-2', 'echo-3'] as const;

/** The lab's timing constants, as lab.json gives them to the services. */
export function numbers(t: CheckContext): { ttlMs: number; refreshMs: number; callTimeoutMs: number; heartbeatMs: number } {
  return {
    ttlMs: Number(t.env('registry').TTL_MS ?? 400),
    refreshMs: Number(t.env('client').REFRESH_MS ?? 50),
    callTimeoutMs: Number(t.env('client').CALL_TIMEOUT_MS ?? 1000),
    heartbeatMs: Number(t.env('echo-1').HEARTBEAT_MS ?? 80),
  };
}

/**
 * The url an echo instance registers: the grader's proxy between the client and it (lab.json
 * `advertiseTo`), so the client's calls show in the traffic record.
 */
export function advertisedUrl(t: CheckContext, id: string): string {
  return t.env(id).ADVERTISED_URL ?? t.service(id).url;
}

/** How long after its last heartbeat an instance must be gone from the client's choices. */
export function evictionWait(t: CheckContext): number {
  const { ttlMs, refreshMs } = numbers(t);
  return ttlMs + refreshMs + 120;
}

/** GET /services/<service> on the registry: the listed instances (a wrong answer fails the check). */
export async function listed(t: CheckContext, service: string): Promise<{ id: string; url: string }[]> {
  const res = t.expect.defined(await t.http('registry').attempt('GET', `/services/${service}`), {
    en: `GET /services/${service} on the registry: no answer within 2 s (or the registry process stopped). Look at the GET /services/:service route in registry.ts.`,
    'zh-cn': `向注册中心请求 GET /services/${service}：2 秒内没有应答（或者注册中心进程停止了）。请检查 registry.ts 中的 GET /services/:service 路由。`,
  });
  t.expect.status(res, 200, {
    en: 'the GET /services/:service route: it answers 200 [{"id", "url"}, ...], an empty list for a service nobody registered',
    'zh-cn': 'GET /services/:service 路由：应返回 200 [{"id", "url"}, ...]，没人注册过的服务返回空列表',
  });
  const body = t.expect.json(res, { en: 'GET /services/:service: send JSON', 'zh-cn': 'GET /services/:service：应以 JSON 格式发送' });
  t.expect.ok(Array.isArray(body) && body.every((i: any) => typeof i?.id === 'string' && typeof i?.url === 'string'), {
    en: `GET /services/${service}: expected [{"id", "url"}, ...], got ${res.summary}. Look at the GET /services/:service route.`,
    'zh-cn': `GET /services/${service}：期望得到 [{"id", "url"}, ...]，实际得到 ${res.summary}。请检查 GET /services/:service 路由。`,
  });
  return body;
}

export async function listedIds(t: CheckContext, service: string): Promise<string[]> {
  return (await listed(t, service)).map((i) => i.id).sort();
}

/**
 * Waits (at most 1.5 s) until the registry lists every echo instance in `ids`: they register at
 * start (the grader restarts a killed one before each check) and heartbeat every HEARTBEAT_MS.
 */
export async function waitForEchoes(t: CheckContext, ids: readonly string[] = ECHOES): Promise<void> {
  const deadline = Date.now() + 1500;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await listedIds(t, 'echo');
    if (ids.every((id) => seen.includes(id))) return;
    await t.sleep(20);
  }
  t.expect.fail({
    en:
      `The echo instances register themselves at start and send a heartbeat every ${numbers(t).heartbeatMs} ms, so GET /services/echo should list ${ids.join(', ')}; ` +
      `after 1.5 s it listed ${seen.join(', ') || 'none'}. Look at PUT /services/:service/instances/:id in registry.ts: each heartbeat registers the instance or renews it.`,
    'zh-cn':
      `echo 实例启动时会自行注册，之后每 ${numbers(t).heartbeatMs} ms 发一次心跳，所以 GET /services/echo 应列出 ${ids.join('、')}；` +
      `等了 1.5 秒，列出的却是 ${seen.join('、') || '空列表'}。请检查 registry.ts 中的 PUT /services/:service/instances/:id：每次心跳要么注册实例，要么为它续期。`,
  });
}

/** A heartbeat: PUT /services/<service>/instances/<id> with `body` (a string is sent as is); an answer is required. */
export async function heartbeat(t: CheckContext, service: string, id: string, body: unknown, method = 'PUT'): Promise<HttpResponse> {
  const path = `/services/${service}/instances/${id}`;
  return t.expect.defined(await t.http('registry').attempt(method, path, { body, headers: { 'content-type': 'application/json' } }), {
    en: `${method} ${path}: the registry gave no answer within 2 s (or its process stopped). Look at the ${method} /services/:service/instances/:id route in registry.ts.`,
    'zh-cn': `${method} ${path}：注册中心在 2 秒内没有应答（或者它的进程停止了）。请检查 registry.ts 中的 ${method} /services/:service/instances/:id 路由。`,
  });
}

/** Asserts that a heartbeat for a well-formed body was accepted (204, or another 2xx). */
export function expectAccepted(t: CheckContext, res: HttpResponse): void {
  t.expect.status(res, [200, 201, 204], {
    en: 'PUT /services/:service/instances/:id with {"url": "http://..."}: register or renew the instance, answer 204',
    'zh-cn': 'PUT /services/:service/instances/:id，请求体为 {"url": "http://..."}：注册或续期该实例，返回 204',
  });
}

/** How many GET /echo each instance has served so far (asked directly; killed or paused ones are skipped). */
export async function served(t: CheckContext, ids: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of ids) {
    const res = await t.http(id).get('/stats');
    out[id] = res.json?.served ?? 0;
  }
  return out;
}

/** Sends `n` GET /echo through the client, one after the other; every one must be a 200 from an echo instance. */
export async function echoes(t: CheckContext, n: number, situation: Text): Promise<{ tally: Record<string, number>; slowestMs: number }> {
  const tally: Record<string, number> = {};
  let slowestMs = 0;
  for (let i = 1; i <= n; i++) {
    const res = t.expect.defined(await t.http('client').attempt('GET', `/echo?msg=m${i}`, { timeoutMs: 3000 }), {
      en: `GET /echo?msg=m${i} on the client (${situation.en}): no answer within 3 s (or the client stopped). Look at the time limit of the client's calls (CALL_TIMEOUT_MS).`,
      'zh-cn': `向客户端请求 GET /echo?msg=m${i}（${situation['zh-cn']}）：3 秒内没有应答（或者客户端停止了）。请检查客户端调用的时限（CALL_TIMEOUT_MS）。`,
    });
    t.expect.ok(res.status === 200 && typeof res.json?.instance === 'string' && res.json?.msg === `m${i}`, {
      en:
        `GET /echo?msg=m${i} on the client (${situation.en}), request ${i} of ${n}: expected 200 {"instance": "echo-<n>", "msg": "m${i}"} from a live instance, got ${res.summary}. ` +
        `Look at which instances the client picks from: only those the registry lists now (at most REFRESH_MS old), passing the query string on.`,
      'zh-cn':
        `向客户端请求 GET /echo?msg=m${i}（${situation['zh-cn']}），${n} 个请求中的第 ${i} 个：期望某个存活实例返回 200 {"instance": "echo-<n>", "msg": "m${i}"}，实际得到 ${res.summary}。` +
        `请检查客户端从哪些实例中挑选：只能是注册中心当前列出的实例（列表最多 REFRESH_MS 旧），并把查询串原样带上。`,
    });
    tally[res.json.instance] = (tally[res.json.instance] ?? 0) + 1;
    slowestMs = Math.max(slowestMs, res.durationMs);
  }
  return { tally, slowestMs };
}

export function show(tally: Record<string, number>, lang: keyof Text = 'en'): string {
  const ids = Object.keys(tally).sort();
  if (lang === 'zh-cn') return ids.map((id) => `${id} 收到 ${tally[id]} 个`).join('，') || '一个也没有';
  return ids.map((id) => `${id}: ${tally[id]}`).join(', ') || 'none';
}

/** Asserts that each of `ids` got `n / ids.length` requests, give or take `tolerance`, and nobody else got any. */
export function expectEven(t: CheckContext, tally: Record<string, number>, ids: readonly string[], n: number, tolerance: number, situation: Text): void {
  const fair = n / ids.length;
  const strangers = Object.keys(tally).filter((id) => !ids.includes(id));
  const uneven = ids.filter((id) => Math.abs((tally[id] ?? 0) - fair) > tolerance);
  t.expect.ok(strangers.length === 0 && uneven.length === 0, {
    en:
      `${situation.en}: ${n} requests should spread over ${ids.join(', ')}, ${fair} each give or take ${tolerance}` +
      `${strangers.length > 0 ? `, and none should reach ${strangers.join(', ')}` : ''}; they went ${show(tally)}. ` +
      `Look at how the client picks an instance (round robin over the list it got from the registry: list[next++ % list.length]).`,
    'zh-cn':
      `${situation['zh-cn']}：${n} 个请求应分摊到 ${ids.join('、')}，每个 ${fair} 个，上下浮动不超过 ${tolerance}` +
      `${strangers.length > 0 ? `，而且一个都不该到达 ${strangers.join('、')}` : ''}；实际上 ${show(tally, 'zh-cn')}。` +
      `请检查客户端挑选实例的方式（在从注册中心拿到的列表上轮询：list[next++ % list.length]）。`,
  });
}

/**
 * Timing on a busy machine: the registry records a registration or heartbeat somewhere between the
 * moment it was sent and the moment its answer arrived. `since` is the send time of the last
 * update; an observation that ended `answeredAt` proves "still alive" only if even the widest gap
 * the registry could have seen stays clearly under TTL_MS.
 */
export function clearlyAlive(since: number, answeredAt: number, ttlMs: number): boolean {
  return answeredAt - since < ttlMs - 30;
}

/** Runs `attempt` up to 3 times while it returns false (the machine was too slow to conclude anything). */
export async function conclusive(t: CheckContext, attempt: (round: number) => Promise<boolean>): Promise<void> {
  for (let round = 1; round <= 5; round++) if (await attempt(round)) return;
  t.expect.fail({
    en: 'The machine was too busy to time this check: five tries in a row, a sleep overran the TTL. Run the checks again.',
    'zh-cn': '机器太忙，这项检查没法计时：连续五次尝试，等待时间都超过了 TTL。请重新运行检查。',
  });
}
