/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext, HttpResponse } from '../../src/engine/checks.ts';

export type Text = { en: string; 'zh-cn': string };
export const INSTANCES = ['api-1', 'api-2'] as const;
export type InstanceName = (typeof INSTANCES)[number];
/** How soon after SIGTERM is delivered /ready must have turned 503. */
export const SIGNAL_GRACE_MS = 100;

/** The numbers lab.json gives the services (README: "The numbers"). */
export function numbers(t: CheckContext): { maxInFlight: number; drainMs: number; shutdownMs: number; pollMs: number } {
  const api = t.env('api-1');
  return {
    maxInFlight: Number(api.MAX_IN_FLIGHT),
    drainMs: Number(api.DRAIN_DELAY_MS),
    shutdownMs: Number(api.SHUTDOWN_TIMEOUT_MS),
    pollMs: Number(t.env('lb').READY_POLL_MS),
  };
}

// ---------------------------------------------------------------- the consumer contract

type Matcher = string | number | boolean | null | { $type: 'string' | 'integer' | 'number' | 'boolean' } | { [key: string]: Matcher };

export interface Interaction {
  description: string;
  request: { method: string; path: string };
  response: { status: number; headers?: Record<string, string>; body?: Record<string, Matcher> };
}

/**
 * The storefront's contract with the api: the same as contract.json in the lab's files (a test
 * keeps the two equal). The checks use this copy, so editing yours changes nothing.
 */
export const CONTRACT: { consumer: string; provider: string; interactions: Interaction[] } = {
  consumer: 'storefront',
  provider: 'api',
  interactions: [
    {
      description: 'an item that exists',
      request: { method: 'GET', path: '/items/1' },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { id: '1', name: { $type: 'string' }, price: { $type: 'integer' } },
      },
    },
    {
      description: 'an item that does not exist',
      request: { method: 'GET', path: '/items/999' },
      response: { status: 404, headers: { 'content-type': 'application/json' }, body: { error: { $type: 'string' } } },
    },
    { description: 'the liveness probe', request: { method: 'GET', path: '/health' }, response: { status: 200 } },
  ],
};

/** Where `actual` breaks `expected`, as "field: why" texts (empty when it matches). */
function mismatches(actual: unknown, expected: Matcher, at: string): string[] {
  if (expected !== null && typeof expected === 'object' && '$type' in expected) {
    const type = expected.$type;
    const ok = type === 'integer' ? Number.isInteger(actual) : typeof actual === type;
    return ok ? [] : [`${at}: expected a ${type}, got ${JSON.stringify(actual) ?? 'nothing'}`];
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${at}: expected an object, got ${JSON.stringify(actual) ?? 'nothing'}`];
    return Object.entries(expected).flatMap(([key, m]) => mismatches((actual as Record<string, unknown>)[key], m, at ? `${at}.${key}` : key));
  }
  return actual === expected ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual) ?? 'nothing'}`];
}

/** Replays every interaction of the contract against `target`; fails naming the first that breaks. */
export async function verifyContract(t: CheckContext, target: string, when: Text): Promise<void> {
  for (const interaction of CONTRACT.interactions) {
    const { method, path } = interaction.request;
    const res = await t.http(target).attempt(method, path);
    const problems: string[] = [];
    if (!res) problems.push('no answer');
    else {
      if (res.status !== interaction.response.status) problems.push(`status: expected ${interaction.response.status}, got ${res.status}`);
      for (const [name, value] of Object.entries(interaction.response.headers ?? {})) {
        if (!(res.headers[name] ?? '').startsWith(value)) problems.push(`header ${name}: expected "${value}", got "${res.headers[name] ?? ''}"`);
      }
      if (interaction.response.body) problems.push(...mismatches(res.json, interaction.response.body, ''));
    }
    t.expect.ok(problems.length === 0, {
      en: `The storefront's contract (contract.json) broke ${when.en}, on ${target}: "${interaction.description}", ${method} ${path}: ${problems.join('; ')}${res ? ` (got ${res.summary})` : ''}.`,
      'zh-cn': `storefront 的契约（contract.json）${when['zh-cn']}在 ${target} 上被破坏了：“${interaction.description}”，${method} ${path}：${problems.join('；')}${res ? `（实际得到 ${res.summary}）` : ''}。`,
    });
  }
}

// ---------------------------------------------------------------- the load balancer

/** Waits until the load balancer sees both instances ready (it polls /ready). */
export async function bothInRotation(t: CheckContext, ms = 3000): Promise<void> {
  const started = Date.now();
  let last: HttpResponse | undefined;
  while (Date.now() - started < ms) {
    last = await t.http('lb').attempt('GET', '/lb/status');
    const list = (last?.json?.instances ?? []) as { name: string; ready: boolean }[];
    if (list.length === 2 && list.every((i) => i.ready)) return;
    await t.sleep(25);
  }
  t.expect.fail({
    en: `Both api instances should be ready for the load balancer (GET /ready answers 200), but after ${ms} ms it reports ${last?.text ?? 'nothing'}. Look at GET /ready: 200 while the instance is not shutting down.`,
    'zh-cn': `负载均衡器应看到两个 api 实例都已就绪（GET /ready 返回 200），但等了 ${ms} ms，它报告的仍是 ${last?.text ?? '（无应答）'}。请检查 GET /ready：实例没有在停机时应返回 200。`,
  });
}

/** Fires `n` requests at once; resolves with every answer (undefined: no answer). */
export function burst(t: CheckContext, target: string, path: string, n: number, timeoutMs = 5000): Promise<(HttpResponse | undefined)[]> {
  return Promise.all(Array.from({ length: n }, () => t.http(target).attempt('GET', path, { timeoutMs })));
}

/** "200 ×3, 503 ×9, no answer ×0" for messages. */
export function tally(answers: readonly (HttpResponse | undefined)[], lang: keyof Text = 'en'): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a ? String(a.status) : lang === 'en' ? 'no answer' : '无应答';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}
