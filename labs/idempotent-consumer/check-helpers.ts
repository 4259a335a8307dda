/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext } from '../../src/engine/checks.ts';

/** A text in both of the course's languages, for the helpers that build messages from parts. */
export type Text = { en: string; 'zh-cn': string };

export interface Stats {
  published: number;
  deliveries: number;
  acked: number;
  maxInFlight: number;
  ready: number;
  inFlight: number;
  deadLetters: { id: string; key: string; attempts: number; reason: string }[];
  messages: { id: string; key: string; state: string; attempts: number }[];
}

/** The lab's numbers, from lab.json (the checks wait in multiples of them). */
export function numbers(t: CheckContext) {
  const worker = t.env('worker');
  const broker = t.env('broker');
  return {
    maxInFlight: Number(worker.MAX_IN_FLIGHT ?? 4),
    maxAttempts: Number(worker.MAX_ATTEMPTS ?? 3),
    pollMs: Number(worker.POLL_MS ?? 20),
    visibilityMs: Number(broker.VISIBILITY_TIMEOUT_MS ?? 300),
  };
}

/** Every check starts with the broker's duplicates off and its in-flight high-water mark reset. */
export async function control(t: CheckContext, duplicates = false): Promise<void> {
  const res = await t.http('broker').post('/control', { duplicates });
  t.expect.status(res, 200, { en: 'the broker (provided by the lab): try the check again', 'zh-cn': '消息中间件（由实验提供），请重新运行检查' });
}

export interface Publish {
  id: string;
  key: string;
  payload: Record<string, unknown>;
}

/** Publishes in one batch, so all are visible at once. A check's messages have ids and keys of their own: checks never mix. */
export async function publish(t: CheckContext, messages: Publish[]): Promise<void> {
  const res = await t.http('broker').post('/publish', { messages });
  t.expect.status(res, 201, { en: 'the broker (provided by the lab): try the check again', 'zh-cn': '消息中间件（由实验提供），请重新运行检查' });
}

export async function stats(t: CheckContext): Promise<Stats> {
  const res = await t.http('broker').get('/stats');
  t.expect.status(res, 200, { en: 'the broker (provided by the lab): try the check again', 'zh-cn': '消息中间件（由实验提供），请重新运行检查' });
  return res.json as Stats;
}

export async function totals(t: CheckContext, key: string): Promise<{ total: number; applied: string[] }> {
  const res = await t.http('worker').get(`/totals/${encodeURIComponent(key)}`);
  t.expect.status(res, 200, {
    en: 'the GET /totals/:key route of your worker: {"key", "total", "applied": [ids]}',
    'zh-cn': 'worker 的 GET /totals/:key 路由：{"key", "total", "applied": [id 列表]}',
  });
  const body = t.expect.json(res, { en: 'GET /totals/:key: send JSON', 'zh-cn': 'GET /totals/:key：应以 JSON 格式应答' });
  t.expect.ok(typeof body.total === 'number' && Array.isArray(body.applied), {
    en: `GET /totals/${key}: expected {"key", "total": <number>, "applied": [<message ids>]}, got ${res.summary}.`,
    'zh-cn': `GET /totals/${key}：期望得到 {"key", "total": <数字>, "applied": [<消息 id>]}，实际得到 ${res.summary}。`,
  });
  return body;
}

/** GET /totals/<key> until its total is `total` (or `withinMs` passed); returns the last answer. */
export async function totalsReaching(t: CheckContext, key: string, total: number, withinMs: number): Promise<{ total: number; applied: string[] }> {
  const started = Date.now();
  for (;;) {
    const got = await totals(t, key);
    if (got.total === total || Date.now() - started > withinMs) return got;
    await t.sleep(15);
  }
}

/** The broker's view of these messages. */
export function states(s: Stats, ids: string[]): { id: string; state: string; attempts: number }[] {
  return ids.map((id) => s.messages.find((m) => m.id === id) ?? { id, state: 'missing', attempts: 0 });
}

export function describe(list: { id: string; state: string; attempts: number }[]): string {
  return list.map((m) => `${m.id} ${m.state} (${m.attempts})`).join(', ');
}

/**
 * Waits until every message of `ids` is acked or dead-lettered and nothing is ready or in flight
 * (duplicates included), or `withinMs` passed. Returns the broker's stats either way.
 */
export async function drained(t: CheckContext, ids: string[], withinMs: number): Promise<Stats> {
  const started = Date.now();
  for (;;) {
    const s = await stats(t);
    const done = states(s, ids).every((m) => m.state === 'acked' || m.state === 'dead') && s.ready === 0 && s.inFlight === 0;
    if (done || Date.now() - started > withinMs) return s;
    await t.sleep(15);
  }
}

/** Fails unless every message of `ids` was acked. */
export function expectAcked(t: CheckContext, s: Stats, ids: string[], withinMs: number, situation: Text): void {
  const list = states(s, ids);
  const open = list.filter((m) => m.state !== 'acked');
  t.expect.ok(open.length === 0, {
    en:
      `${situation.en}: expected every message acked within ${withinMs} ms; the broker has ${describe(open)} (state, deliveries). ` +
      `Look at your loop: receive from BROKER_URL/receive, apply, then POST /ack with the message's receipt.`,
    'zh-cn':
      `${situation['zh-cn']}：期望所有消息在 ${withinMs} ms 内都被确认；消息中间件上仍有 ${describe(open)}（状态与投递次数）。` +
      `请检查你的消费循环：从 BROKER_URL/receive 取消息，处理，再带上消息的 receipt 调用 POST /ack。`,
  });
}

/** Fails unless the key's total is `total` and each of `ids` was applied exactly once. */
export function expectOnce(t: CheckContext, key: string, got: { total: number; applied: string[] }, ids: string[], total: number, situation: Text): void {
  const counts = ids.map((id) => got.applied.filter((a) => a === id).length);
  const twice = ids.filter((_, i) => counts[i]! > 1);
  const never = ids.filter((_, i) => counts[i] === 0);
  t.expect.ok(got.total === total && twice.length === 0 && never.length === 0, {
    en:
      `${situation.en}: expected the total of "${key}" to be ${total}, each message applied once; got ${got.total}, applied ${JSON.stringify(got.applied)}. ` +
      (twice.length > 0
        ? `Applied more than once: ${twice.join(', ')}. Before applying, look the message id up in your dedupe store; store the id in the same line as the effect.`
        : never.length > 0
          ? `Never applied: ${never.join(', ')}. Look at what your worker does with a message it receives.`
          : 'Look at how your worker adds the amounts.'),
    'zh-cn':
      `${situation['zh-cn']}：期望 "${key}" 的合计为 ${total}，每条消息只生效一次；实际合计 ${got.total}，生效记录 ${JSON.stringify(got.applied)}。` +
      (twice.length > 0
        ? `生效了不止一次的消息：${twice.join('、')}。处理之前先在去重存储里查一下消息 id；id 要和效果写在同一行里。`
        : never.length > 0
          ? `从未生效的消息：${never.join('、')}。请检查 worker 收到消息后做了什么。`
          : '请检查 worker 累加金额的方式。'),
  });
}
