import type { Check } from '../../../src/engine/checks.ts';
import { linesFor, newTrace, outgoingTrace, stockCalls, timing } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'traceparent-edge-cases',
    title: {
      en: 'An all-zero parent-id, version ff or upper-case hex in traceparent is not passed on',
      'zh-cn': 'traceparent 的 parent-id 全为 0、版本为 ff 或含大写十六进制时，不会被传下去',
    },
    points: 2,
    async run(t) {
      const { traceId, parentId } = newTrace(t);
      const cases = [
        { header: `00-${traceId}-${'0'.repeat(16)}-01`, why: { en: 'the parent-id is all zeros', 'zh-cn': 'parent-id 全为 0' } },
        { header: `ff-${traceId}-${parentId}-01`, why: { en: 'version ff is forbidden', 'zh-cn': '版本号 ff 是禁止使用的' } },
        { header: `00-${traceId.toUpperCase()}-${parentId.toUpperCase()}-01`, why: { en: 'the ids must be lower-case hex', 'zh-cn': 'id 必须是小写十六进制' } },
      ];
      for (const { header, why } of cases) {
        const base = t.fault('stock').count;
        const res = await t.http('orders').get('/availability/cup', { headers: { traceparent: header } });
        t.expect.status(res, 200, { en: 'the GET /availability/:sku route', 'zh-cn': 'GET /availability/:sku 路由' });
        const out = outgoingTrace(t, stockCalls(t, base), res, header);
        t.expect.ok(out.traceId !== traceId, {
          en: `GET /availability/cup with traceparent ${header}: that header is invalid (${why.en}; W3C Trace Context, section 3.2), so it must be ignored and a new trace started, but the call to stock kept trace-id ${out.traceId}. Look at how you validate the incoming header.`,
          'zh-cn': `带着 traceparent ${header} 请求 GET /availability/cup：这个请求头不合法（${why['zh-cn']}，见 W3C Trace Context 第 3.2 节），应当忽略它并开启新的链路，但调用 stock 时仍沿用了 trace-id ${out.traceId}。请检查你如何校验传入的请求头。`,
        });
      }
    },
  },
  {
    id: 'ready-timeout',
    title: {
      en: 'A hanging stock makes /ready answer 503 within READY_TIMEOUT_MS; /health stays fast',
      'zh-cn': 'stock 卡住时 /ready 在 READY_TIMEOUT_MS 内返回 503；/health 依然很快',
    },
    points: 1,
    async run(t) {
      const { readyTimeoutMs } = timing(t);
      t.fault('stock').latency(readyTimeoutMs * 10);
      const ready = await t.http('orders').get('/ready', { timeoutMs: readyTimeoutMs * 12 });
      t.expect.status(ready, 503, {
        en: `GET /ready while stock takes ${readyTimeoutMs * 10} ms to answer: a probe that hangs is no answer; cut the call to stock after READY_TIMEOUT_MS (${readyTimeoutMs} ms) and answer 503`,
        'zh-cn': `stock 要 ${readyTimeoutMs * 10} ms 才应答时请求 GET /ready：卡住的探针等于没有应答；调用 stock 超过 READY_TIMEOUT_MS（${readyTimeoutMs} ms）就中断，并返回 503`,
      });
      t.expect.ok(ready.durationMs < readyTimeoutMs + 1000, {
        en: `GET /ready while stock hangs answered after ${Math.round(ready.durationMs)} ms; expected within READY_TIMEOUT_MS (${readyTimeoutMs} ms) plus 1000 ms. Give the call to stock signal: AbortSignal.timeout(READY_TIMEOUT_MS).`,
        'zh-cn': `stock 卡住时 GET /ready 过了 ${Math.round(ready.durationMs)} ms 才应答，期望在 READY_TIMEOUT_MS（${readyTimeoutMs} ms）再加 1000 ms 之内。请给调用 stock 的 fetch 加上 signal: AbortSignal.timeout(READY_TIMEOUT_MS)。`,
      });
      const health = await t.http('orders').get('/health');
      t.expect.status(health, 200, { en: 'GET /health while stock hangs', 'zh-cn': 'stock 卡住时的 GET /health' });
      t.expect.ok(health.durationMs < 500, {
        en: `GET /health while stock hangs took ${Math.round(health.durationMs)} ms; liveness must not wait for stock (expected under 500 ms).`,
        'zh-cn': `stock 卡住时 GET /health 用了 ${Math.round(health.durationMs)} ms；存活探针不能等 stock（期望不到 500 ms）。`,
      });
    },
  },
  {
    id: 'log-on-failure',
    title: {
      en: 'A failed request is logged too, with its 502 and its trace id',
      'zh-cn': '失败的请求同样要记日志，带上 502 和 trace id',
    },
    points: 1,
    async run(t) {
      const trace = newTrace(t);
      t.fault('stock').fail(500);
      const res = await t.http('orders').get('/availability/cup', { headers: { traceparent: trace.header } });
      t.expect.status(res, 502, {
        en: 'GET /availability/:sku while stock answers 500: answer 502 {"error": ...}',
        'zh-cn': 'stock 返回 500 时的 GET /availability/:sku：应返回 502 {"error": ...}',
      });
      await t.sleep(50);
      const lines = linesFor(t, trace.traceId);
      t.expect.ok(lines.length === 1 && lines[0]!.status === 502, {
        en: `GET /availability/cup while stock fails (answered 502, traceparent ${trace.header}): expected one JSON log line with "traceId": "${trace.traceId}" and "status": 502, got ${lines.length === 0 ? 'none' : JSON.stringify(lines)}. Failures are what logs are read for: log every request, whatever its outcome.`,
        'zh-cn': `stock 出错时请求 GET /availability/cup（应答 502，traceparent ${trace.header}）：应有一行带 "traceId": "${trace.traceId}" 和 "status": 502 的 JSON 日志，实际${lines.length === 0 ? '一行也没有' : `为 ${JSON.stringify(lines)}`}。日志最常被翻看的正是失败的时候：无论结果如何，每个请求都要记录。`,
      });
    },
  },
];

export default checks;
