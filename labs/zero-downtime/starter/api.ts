import { createServer, type ServerResponse } from 'node:http';

// The grader runs this file twice, as api-1 and api-2, behind the provided load balancer.
const port = Number(process.env.PORT ?? 3000);
const instance = process.env.INSTANCE ?? 'api';
// The numbers of the lab (README): the grader sets them.
export const MAX_IN_FLIGHT = Number(process.env.MAX_IN_FLIGHT ?? 4);
export const DRAIN_DELAY_MS = Number(process.env.DRAIN_DELAY_MS ?? 200);
export const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 3000);

const items = new Map<string, { name: string; price: number }>([
  ['1', { name: 'Teapot', price: 2500 }],
  ['2', { name: 'Cup', price: 800 }],
  ['3', { name: 'Kettle', price: 4200 }],
]);

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The business routes. `?delay=<ms>` stands for slow work (a database, another service): at most 2000 ms. */
async function handle(url: URL, res: ServerResponse): Promise<void> {
  const match = /^\/items\/([^/]+)$/.exec(url.pathname);
  if (!match) return sendJson(res, 404, { error: `no route for ${url.pathname}` });
  const delay = Math.min(Math.max(Number(url.searchParams.get('delay')) || 0, 0), 2000);
  if (delay > 0) await sleep(delay);
  const id = decodeURIComponent(match[1]!);
  const item = items.get(id);
  if (!item) return sendJson(res, 404, { error: `no item "${id}"` });
  sendJson(res, 200, { id, ...item });
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok', instance });
  // TODO: answer 503 once the instance is shutting down (SIGTERM), so the load balancer stops sending it requests.
  if (req.method === 'GET' && url.pathname === '/ready') return sendJson(res, 200, { status: 'ready', instance });
  // TODO: load shedding. Past MAX_IN_FLIGHT requests in flight (the probes do not count and are
  //       never refused), answer 503 at once with a Retry-After header.
  try {
    await handle(url, res);
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
  }
});

// TODO: graceful shutdown. Today SIGTERM kills the process at once (Node's default), and every
//       request in flight is lost. On SIGTERM: /ready answers 503; after DRAIN_DELAY_MS stop
//       accepting connections (server.close()); exit once the requests in flight have finished
//       (at the latest after SHUTDOWN_TIMEOUT_MS).

server.listen(port, () => {
  console.log(`${instance} listening on port ${port}`);
});
