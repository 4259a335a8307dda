import type { Check } from '../../src/engine/checks.ts';
import {
  COUNTER,
  HISTOGRAM,
  ROUTE,
  family,
  histogram,
  linesFor,
  readyWithin,
  newTrace,
  outgoingTrace,
  requestCount,
  scrape,
  series,
  stockCalls,
  timing,
} from './check-helpers.ts';

const checks: Check[] = [
  {
    id: 'health-and-ready',
    title: {
      en: 'GET /health and GET /ready answer 200 while stock is healthy',
      'zh-cn': 'stock 正常时，GET /health 与 GET /ready 都返回 200',
    },
    points: 1,
    async run(t) {
      const health = await t.http('orders').get('/health');
      t.expect.status(health, 200, {
        en: 'the GET /health route (liveness): answer 200 as long as the process can serve',
        'zh-cn': 'GET /health 路由（存活探针）：只要进程还能处理请求，就返回 200',
      });
      const ready = await readyWithin(t);
      t.expect.ok(ready?.status === 200, {
        en: `GET /ready with stock healthy should answer 200 (within 2 s of the start), got ${ready?.summary ?? 'no answer'}. Look at the GET /ready route (readiness): call GET /health on STOCK_URL and answer 200 when it says 200.`,
        'zh-cn': `stock 正常时 GET /ready 应返回 200（启动后 2 秒内），实际${ready ? `得到 ${ready.summary}` : '没有应答'}。请检查 GET /ready 路由（就绪探针）：调用 STOCK_URL 上的 GET /health，它返回 200 时就返回 200。`,
      });
    },
  },
  {
    id: 'ready-follows-stock',
    title: {
      en: '/ready answers 503 while stock is down or failing, and 200 again once it is back; /health stays 200',
      'zh-cn': 'stock 宕机或出错时 /ready 返回 503，恢复后重新返回 200；/health 始终是 200',
    },
    points: 3,
    async run(t) {
      const { readyTimeoutMs } = timing(t);
      await t.service('stock').kill();
      const down = await t.http('orders').get('/ready');
      t.expect.status(down, 503, {
        en: 'GET /ready while the stock process is killed: orders cannot do its job, so it is not ready. Call GET /health on STOCK_URL and answer 503 when the call fails',
        'zh-cn': 'stock 进程被杀掉时请求 GET /ready：orders 已无法正常工作，不算就绪。请调用 STOCK_URL 上的 GET /health，调用失败时返回 503',
      });
      const alive = await t.http('orders').get('/health');
      t.expect.status(alive, 200, {
        en: 'GET /health while stock is down: liveness is about orders itself (restarting orders would not bring stock back), so it stays 200 and never calls stock',
        'zh-cn': 'stock 宕机时请求 GET /health：存活探针只关心 orders 自身（重启 orders 并不能让 stock 恢复），所以仍应返回 200，也不要去调用 stock',
      });
      await t.service('stock').restart();
      const back = await readyWithin(t);
      t.expect.ok(back?.status === 200, {
        en: `GET /ready once stock was restarted should answer 200 again (within 2 s), got ${back?.summary ?? 'no answer'}. Check stock on every call to /ready: do not remember an old failure.`,
        'zh-cn': `stock 重启后 GET /ready 应重新返回 200（2 秒内），实际${back ? `得到 ${back.summary}` : '没有应答'}。每次调用 /ready 都要重新检查 stock，不要记住之前的失败。`,
      });
      t.fault('stock').fail(500, { path: '/health' });
      const failing = await t.http('orders').get('/ready', { timeoutMs: readyTimeoutMs + 2000 });
      t.expect.status(failing, 503, {
        en: 'GET /ready while stock\'s GET /health answers 500: only a 200 from stock means ready',
        'zh-cn': 'stock 的 GET /health 返回 500 时请求 GET /ready：只有 stock 返回 200 才算就绪',
      });
    },
  },
  {
    id: 'metrics-format',
    title: {
      en: 'GET /metrics is valid Prometheus text with a request counter and a latency histogram',
      'zh-cn': 'GET /metrics 是合法的 Prometheus 文本格式，含请求计数器与延迟直方图',
    },
    points: 2,
    async run(t) {
      await t.http('orders').get('/availability/cup');
      const metrics = await scrape(t);
      family(t, metrics, COUNTER, 'counter');
      const h = family(t, metrics, HISTOGRAM, 'histogram');
      const data = h.data as { labels: Record<string, string>; buckets: Record<string, number> }[];
      t.expect.ok(data.some((d) => d.labels.route !== undefined && d.labels.status !== undefined), {
        en: `GET /metrics: expected ${HISTOGRAM} series labelled with "route" and "status" after a GET /availability/cup, got ${data.length === 0 ? 'no series' : JSON.stringify(data.map((d) => d.labels))}. Look at the labels of your histogram lines.`,
        'zh-cn': `GET /metrics：请求过 GET /availability/cup 之后，${HISTOGRAM} 应有带 route 和 status 标签的序列，实际${data.length === 0 ? '没有任何序列' : `是 ${JSON.stringify(data.map((d) => d.labels))}`}。请检查直方图各行的标签。`,
      });
    },
  },
  {
    id: 'request-counter',
    title: {
      en: 'http_requests_total counts the requests the grader sent, by route pattern and status',
      'zh-cn': 'http_requests_total 按路由模式和状态码统计的数目与评分器发出的请求一致',
    },
    points: 3,
    async run(t) {
      const before = await scrape(t);
      for (let i = 0; i < 3; i++) await t.http('orders').get('/availability/cup');
      for (let i = 0; i < 2; i++) await t.http('orders').get('/availability/unicorn');
      t.fault('stock').fail(500);
      for (let i = 0; i < 2; i++) await t.http('orders').get('/availability/teapot');
      t.fault('stock').clear();
      const after = await scrape(t);
      for (const [status, sent, what] of [
        [200, 3, 'GET /availability/cup'],
        [404, 2, 'GET /availability/unicorn (stock answers 404)'],
        [502, 2, 'GET /availability/teapot while stock answers 500'],
      ] as const) {
        const delta = requestCount(after, ROUTE, status) - requestCount(before, ROUTE, status);
        const seen = ((after[COUNTER]?.data ?? []) as { labels: Record<string, string> }[]).map((d) => `{route="${d.labels.route}",status="${d.labels.status}"}`);
        t.expect.ok(delta === sent, {
          en:
            `The grader sent ${sent} × ${what}, answered ${status}; ${COUNTER}${series(ROUTE, status)} went up by ${delta} between two scrapes. ` +
            `Count every request once, with route set to the pattern (${ROUTE}, not the raw path) and status to the status you answered. Series now: ${seen.join(' ') || 'none'}.`,
          'zh-cn':
            `评分器发出了 ${sent} 次 ${what}，应答为 ${status}；两次抓取之间 ${COUNTER}${series(ROUTE, status)} 增加了 ${delta}。` +
            `每个请求要计数一次：route 用路由模式（${ROUTE}，而不是原始路径），status 用你返回的状态码。当前的序列：${seen.join(' ') || '无'}。`,
        });
      }
    },
  },
  {
    id: 'latency-histogram',
    title: {
      en: 'http_request_duration_seconds records each request\'s duration in seconds in the right bucket',
      'zh-cn': 'http_request_duration_seconds 以秒为单位把每个请求的耗时记入正确的桶',
    },
    points: 3,
    async run(t) {
      const before = histogram(await scrape(t), ROUTE, 200);
      t.fault('stock').latency(150);
      for (let i = 0; i < 2; i++) await t.http('orders').get('/availability/kettle');
      t.fault('stock').clear();
      await t.http('orders').get('/availability/kettle');
      const after = histogram(await scrape(t), ROUTE, 200);
      const d = (le: string) => (after.buckets[le] ?? 0) - (before.buckets[le] ?? 0);
      const count = after.count - before.count;
      const sum = after.sum - before.sum;
      const name = `${HISTOGRAM}${series(ROUTE, 200)}`;
      const got = `_count +${count}, _sum +${sum.toFixed(3)}, le="0.1" +${d('0.1')}, le="2.5" +${d('2.5')}, le="+Inf" +${d('+Inf')}`;
      t.expect.ok(after.buckets['0.1'] !== undefined && after.buckets['2.5'] !== undefined, {
        en: `${name}: expected the buckets of the README (le="0.005" … le="10", then le="+Inf"), got le = ${Object.keys(after.buckets).join(', ') || 'none'}. Look at BUCKETS.`,
        'zh-cn': `${name}：应使用 README 中的桶（le="0.005" … le="10"，再加 le="+Inf"），实际的 le 为 ${Object.keys(after.buckets).join('、') || '（无）'}。请检查 BUCKETS。`,
      });
      t.expect.ok(count === 3 && d('+Inf') === 3 && d('2.5') === 3 && d('0.1') <= 1 && sum >= 0.3 && sum < 7.5, {
        en:
          `The grader sent 3 × GET /availability/kettle: 2 while stock took 150 ms more, then 1 at full speed. Expected ${name} to move by ` +
          `_count +3, le="+Inf" +3, le="2.5" +3, le="0.1" at most +1 (the slow ones took over 0.1 s) and _sum by at least 0.3 (seconds); got ${got}. ` +
          `Look at what you observe: the time from the request's arrival to the answer, in seconds (performance.now() gives milliseconds), and cumulative buckets.`,
        'zh-cn':
          `评分器发出了 3 次 GET /availability/kettle：其中 2 次 stock 多花了 150 ms，另 1 次全速。期望 ${name} 的变化为 ` +
          `_count +3、le="+Inf" +3、le="2.5" +3、le="0.1" 至多 +1（慢的两次都超过了 0.1 秒），_sum 至少增加 0.3（秒）；实际为 ${got}。` +
          `请检查你记录的数值：从请求到达到发出应答的时间，单位是秒（performance.now() 给出的是毫秒），桶要累积计数。`,
      });
    },
  },
  {
    id: 'traceparent-propagated',
    title: {
      en: 'A valid traceparent reaches stock with the same trace-id and a new parent-id',
      'zh-cn': '合法的 traceparent 传到 stock 时，trace-id 不变，parent-id 换成新的',
    },
    points: 3,
    async run(t) {
      const trace = newTrace(t);
      const base = t.fault('stock').count;
      const res = await t.http('orders').get('/availability/cup', { headers: { traceparent: trace.header } });
      t.expect.status(res, 200, { en: 'the GET /availability/:sku route', 'zh-cn': 'GET /availability/:sku 路由' });
      const out = outgoingTrace(t, stockCalls(t, base), res, trace.header);
      t.expect.ok(out.traceId === trace.traceId, {
        en: `GET /availability/cup with traceparent ${trace.header}: the call to stock should keep trace-id ${trace.traceId}, got ${out.traceId}. Continue the caller's trace: take the trace-id of a valid incoming header.`,
        'zh-cn': `带着 traceparent ${trace.header} 请求 GET /availability/cup：调用 stock 时 trace-id 应保持为 ${trace.traceId}，实际为 ${out.traceId}。请延续调用方的链路：沿用合法请求头里的 trace-id。`,
      });
      t.expect.ok(out.parentId !== trace.parentId, {
        en: `GET /availability/cup with traceparent ${trace.header}: the call to stock passed the caller's parent-id ${trace.parentId} on. Its parent-id must be orders' own span id: a new random 16-hex id for this request.`,
        'zh-cn': `带着 traceparent ${trace.header} 请求 GET /availability/cup：调用 stock 时把调用方的 parent-id ${trace.parentId} 原样传了下去。这里的 parent-id 应是 orders 自己的 span id，即为本次请求新生成的 16 位十六进制随机 id。`,
      });
    },
  },
  {
    id: 'traceparent-restarted',
    title: {
      en: 'A missing, malformed or all-zero traceparent starts a new trace instead of being passed on',
      'zh-cn': 'traceparent 缺失、格式错误或全为 0 时开启新的链路，而不是原样传下去',
    },
    points: 2,
    async run(t) {
      const zero = `00-${'0'.repeat(32)}-${newTrace(t).parentId}-01`;
      const ids: string[] = [];
      for (const header of [zero, 'not-a-traceparent', undefined]) {
        const base = t.fault('stock').count;
        const res = await t.http('orders').get('/availability/teapot', header === undefined ? {} : { headers: { traceparent: header } });
        t.expect.status(res, 200, {
          en: `GET /availability/teapot with ${header === undefined ? 'no traceparent' : `traceparent "${header}"`}: a bad header must not break the request`,
          'zh-cn': `${header === undefined ? '不带 traceparent' : `带着 traceparent "${header}"`}请求 GET /availability/teapot：请求头有问题也不能让请求失败`,
        });
        const out = outgoingTrace(t, stockCalls(t, base), res, header ?? '(none)');
        ids.push(out.traceId);
      }
      t.expect.ok(new Set(ids).size === 3, {
        en: `Three requests without a valid traceparent should start three different traces; the calls to stock carried trace-ids ${ids.join(', ')}. Make a new random 32-hex trace-id for each such request.`,
        'zh-cn': `三个不带合法 traceparent 的请求应开启三条不同的链路，但调用 stock 时带的 trace-id 分别是 ${ids.join('、')}。请为每个这样的请求生成新的 32 位十六进制随机 trace-id。`,
      });
    },
  },
  {
    id: 'json-log-lines',
    title: {
      en: 'One JSON log line per request, with its trace id, method, path and status',
      'zh-cn': '每个请求一行 JSON 日志，带 trace id、方法、路径和状态码',
    },
    points: 2,
    async run(t) {
      for (const path of ['/availability/mug', '/availability/unicorn']) {
        const trace = newTrace(t);
        const res = await t.http('orders').get(path, { headers: { traceparent: trace.header } });
        await t.sleep(50); // stdout reaches the grader a moment later
        const lines = linesFor(t, trace.traceId);
        t.expect.ok(lines.length === 1, {
          en: `GET ${path} with traceparent ${trace.header} (answered ${res.status}): expected exactly one JSON log line with "traceId": "${trace.traceId}" on stdout, got ${lines.length}. Print JSON.stringify({...}) once per request, after the answer is known.`,
          'zh-cn': `带着 traceparent ${trace.header} 请求 GET ${path}（应答 ${res.status}）：stdout 上应恰好有一行带 "traceId": "${trace.traceId}" 的 JSON 日志，实际有 ${lines.length} 行。请在每个请求得出应答后，用 JSON.stringify({...}) 打印一次。`,
        });
        const line = lines[0]!;
        t.expect.ok(line.method === 'GET' && line.path === path && line.status === res.status, {
          en: `GET ${path} (answered ${res.status}): its log line should have "method": "GET", "path": "${path}", "status": ${res.status} (a number), got ${JSON.stringify(line)}.`,
          'zh-cn': `GET ${path}（应答 ${res.status}）：它的日志行应有 "method": "GET"、"path": "${path}"、"status": ${res.status}（数字），实际为 ${JSON.stringify(line)}。`,
        });
      }
    },
  },
];

export default checks;
