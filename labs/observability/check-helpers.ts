/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here. /metrics is read with prom2javascript, a parser for the
 * Prometheus text format (lab.json's checkDependencies ships it with the checks).
 */
import { getMetricsFromIterator, type PromMetrics } from 'prom2javascript';
import type { CheckContext, HttpResponse, RecordedRequest } from '../../src/engine/checks.ts';

export type Text = { en: string; 'zh-cn': string };

export const COUNTER = 'http_requests_total';
export const HISTOGRAM = 'http_request_duration_seconds';
export const ROUTE = '/availability/:sku';

/** The timing constants lab.json gives orders (README: "What the grader sets"). */
export function timing(t: CheckContext): { readyTimeoutMs: number; stockTimeoutMs: number } {
  const env = t.env('orders');
  return { readyTimeoutMs: Number(env.READY_TIMEOUT_MS), stockTimeoutMs: Number(env.STOCK_TIMEOUT_MS) };
}

/**
 * GET /ready until it answers 200, for at most `ms`: readiness may lag behind a start or a
 * restart (the first fetch of a fresh process is slow, stock may just have come back).
 * Returns the last answer.
 */
export async function readyWithin(t: CheckContext, ms = 2000): Promise<HttpResponse | undefined> {
  const started = Date.now();
  let last = await t.http('orders').attempt('GET', '/ready', { timeoutMs: ms });
  while (last?.status !== 200 && Date.now() - started < ms) {
    await t.sleep(50);
    last = await t.http('orders').attempt('GET', '/ready', { timeoutMs: ms });
  }
  return last;
}

// ---------------------------------------------------------------- metrics

/** GET /metrics, checked and parsed. Fails with the parser's own words when the text is not valid. */
export async function scrape(t: CheckContext): Promise<PromMetrics> {
  const res = await t.http('orders').get('/metrics');
  t.expect.status(res, 200, { en: 'the GET /metrics route', 'zh-cn': 'GET /metrics 路由' });
  const type = res.headers['content-type'] ?? '';
  t.expect.ok(type.startsWith('text/plain'), {
    en: `GET /metrics: expected content-type "text/plain; version=0.0.4" (the Prometheus text format), got "${type || 'none'}". Look at the header /metrics sends.`,
    'zh-cn': `GET /metrics：content-type 应为 "text/plain; version=0.0.4"（Prometheus 文本格式），实际为 "${type || '（无）'}"。请检查 /metrics 发送的响应头。`,
  });
  try {
    return await getMetricsFromIterator(res.text.split('\n')[Symbol.iterator]());
  } catch (error) {
    const why = (error as Error).message;
    t.expect.fail({
      en: `GET /metrics is not valid Prometheus text format; the parser says: ${why}. Look at renderMetrics(): one "name{label="value",...} number" per line, histograms with a le="+Inf" bucket equal to _count.`,
      'zh-cn': `GET /metrics 的内容不是合法的 Prometheus 文本格式，解析器报错：${why}。请检查 renderMetrics()：每行一个 "name{label="value",...} 数值"，直方图要有 le="+Inf" 桶，且其值等于 _count。`,
    });
  }
}

/** A family by name and type, or a failure that says what is missing. */
export function family(t: CheckContext, metrics: PromMetrics, name: string, type: 'counter' | 'histogram') {
  const found = metrics[name];
  t.expect.ok(found !== undefined && found.type === type, {
    en: `GET /metrics: expected a ${type} named ${name} ("# TYPE ${name} ${type}" and its samples), got ${found ? `a ${found.type}` : 'none'}. Metrics found: ${Object.keys(metrics).join(', ') || 'none'}.`,
    'zh-cn': `GET /metrics：应有一个名为 ${name} 的 ${type}（"# TYPE ${name} ${type}" 及其样本），实际${found ? `是 ${found.type}` : '没有'}。找到的指标：${Object.keys(metrics).join('、') || '无'}。`,
  });
  return found!;
}

const matches = (labels: Record<string, string>, route: string, status: number) => labels.route === route && labels.status === String(status);

/** The request counter for one route and status (0 when there is no such series yet). */
export function requestCount(metrics: PromMetrics, route: string, status: number): number {
  const data = (metrics[COUNTER]?.data ?? []) as { labels: Record<string, string>; value: number }[];
  return data.filter((d) => matches(d.labels, route, status)).reduce((sum, d) => sum + d.value, 0);
}

export interface Histogram {
  count: number;
  sum: number;
  buckets: Record<string, number>;
}

/** The latency histogram for one route and status, added up over any other labels. */
export function histogram(metrics: PromMetrics, route: string, status: number): Histogram {
  const out: Histogram = { count: 0, sum: 0, buckets: {} };
  const data = (metrics[HISTOGRAM]?.data ?? []) as { labels: Record<string, string>; count: number; sum?: number; buckets: Record<string, number> }[];
  for (const d of data.filter((d) => matches(d.labels, route, status))) {
    out.count += d.count;
    out.sum += d.sum ?? 0;
    for (const [le, n] of Object.entries(d.buckets)) out.buckets[le] = (out.buckets[le] ?? 0) + n;
  }
  return out;
}

/** "route="…",status="…"" for messages. */
export function series(route: string, status: number): string {
  return `{route="${route}",status="${status}"}`;
}

// ---------------------------------------------------------------- trace context

/** The version-00 format (W3C Trace Context, section 3.2.2): lower-case hex, 2-32-16-2. */
export const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function hex(chars: number, t: CheckContext): string {
  let out = '';
  while (out.length < chars) out += Math.floor(t.random() * 16).toString(16);
  return /^0+$/.test(out) ? hex(chars, t) : out;
}

/** A fresh valid traceparent, and its parts. */
export function newTrace(t: CheckContext): { header: string; traceId: string; parentId: string } {
  const traceId = hex(32, t);
  const parentId = hex(16, t);
  return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

/** Requests that reached stock since `base`. */
export function stockCalls(t: CheckContext, base: number): readonly RecordedRequest[] {
  return t.fault('stock').requests.slice(base);
}

/**
 * The traceparent orders sent on its one call to stock for `res`, checked for format: valid per
 * the spec, and not all zeros. Returns its trace-id and parent-id.
 */
export function outgoingTrace(t: CheckContext, calls: readonly RecordedRequest[], res: HttpResponse, sent: string): { traceId: string; parentId: string } {
  const call = calls.find((c) => c.path.startsWith('/stock/'));
  t.expect.ok(call !== undefined, {
    en: `GET ${res.path} (traceparent: ${sent}): expected orders to call GET /stock/<sku> on stock, got ${calls.length} call(s): ${calls.map((c) => `${c.method} ${c.path}`).join(', ') || 'none'}. Look at the /availability/:sku route.`,
    'zh-cn': `GET ${res.path}（traceparent: ${sent}）：orders 应调用 stock 的 GET /stock/<sku>，实际调用了 ${calls.length} 次：${calls.map((c) => `${c.method} ${c.path}`).join('、') || '无'}。请检查 /availability/:sku 路由。`,
  });
  const header = call!.headers.traceparent;
  const match = header === undefined ? null : TRACEPARENT.exec(header);
  t.expect.ok(match !== null && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!), {
    en:
      `GET ${res.path} (traceparent: ${sent}): the call to stock carried traceparent ${header === undefined ? '(none)' : `"${header}"`}; expected ` +
      `"00-<32 lower-case hex trace-id>-<16 lower-case hex parent-id>-<2 hex flags>", neither id all zeros. Look at the headers of your fetch to stock.`,
    'zh-cn':
      `GET ${res.path}（traceparent: ${sent}）：orders 调用 stock 时带的 traceparent 是 ${header === undefined ? '（没有）' : `"${header}"`}，应为 ` +
      `"00-<32 位小写十六进制 trace-id>-<16 位小写十六进制 parent-id>-<2 位十六进制 flags>"，两个 id 都不能全为 0。请检查调用 stock 的 fetch 所带的请求头。`,
  });
  return { traceId: match![1]!, parentId: match![2]! };
}

// ---------------------------------------------------------------- logs

/** Every line orders printed that parses as a JSON object (other lines are skipped). */
export function jsonLines(t: CheckContext): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of t.service('orders').logs().split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) out.push(value);
    } catch {
      // a line cut by the log buffer, or not JSON
    }
  }
  return out;
}

/** The log lines that carry `traceId`. */
export function linesFor(t: CheckContext, traceId: string): Record<string, unknown>[] {
  return jsonLines(t).filter((l) => l.traceId === traceId);
}
