import { createServer, type ServerResponse } from 'node:http';

/**
 * The stock service, provided by the lab: you do not edit it. It is healthy; the grader makes it
 * slow, failing or dead with a fault proxy between orders and stock (STOCK_URL points at that
 * proxy), and the proxy also records what orders sends it, headers included (traceparent).
 *
 *   GET /health        200 {"status": "ok"}
 *   GET /stock/<sku>   200 {"sku": "cup", "available": 40}  | 404 {"error": "..."} for an unknown sku
 */
const port = Number(process.env.PORT ?? 3001);

const stock = new Map<string, number>([
  ['cup', 40],
  ['teapot', 12],
  ['kettle', 5],
  ['mug', 0],
]);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
  const match = /^\/stock\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const sku = decodeURIComponent(match[1]!);
    const available = stock.get(sku);
    if (available === undefined) return sendJson(res, 404, { error: `unknown sku "${sku}"` });
    return sendJson(res, 200, { sku, available });
  }
  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`stock listening on port ${port}`);
});
