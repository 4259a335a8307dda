import { createServer, type ServerResponse } from 'node:http';

// The grader runs this file twice, as api-1 and api-2, behind the provided load balancer.
const port = Number(process.env.PORT ?? 3000);
const instance = process.env.INSTANCE ?? 'api';
const MAX_IN_FLIGHT = Number(process.env.MAX_IN_FLIGHT ?? 4);
const DRAIN_DELAY_MS = Number(process.env.DRAIN_DELAY_MS ?? 200);
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 3000);

const items = new Map<string, { name: string; price: number }>([
  ['1', { name: 'Teapot', price: 2500 }],
  ['2', { name: 'Cup', price: 800 }],
  ['3', { name: 'Kettle', price: 4200 }],
]);

let inFlight = 0;
let draining = false;

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
  // The probes are never shed and never count against the limit: an overloaded instance is
  // still alive, and the load balancer must be able to ask it.
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok', instance });
  if (req.method === 'GET' && url.pathname === '/ready') {
    return draining ? sendJson(res, 503, { status: 'draining', instance }) : sendJson(res, 200, { status: 'ready', instance });
  }
  // Load shedding: past the limit, refuse at once and cheaply, and say when to come back.
  if (inFlight >= MAX_IN_FLIGHT) {
    return sendJson(res, 503, { error: `overloaded: ${inFlight} requests in flight (limit ${MAX_IN_FLIGHT})` }, { 'retry-after': '1' });
  }
  inFlight++;
  let released = false;
  const release = () => {
    if (!released) {
      released = true;
      inFlight--;
    }
  };
  // A slot is freed whatever happens: an answer, an error, or a client that went away.
  res.once('close', release);
  try {
    await handle(url, res);
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
  } finally {
    release();
  }
});

// Graceful shutdown, in the order a load balancer needs it:
// 1. /ready answers 503 at once, so the balancer stops sending new requests (it polls);
// 2. after DRAIN_DELAY_MS (longer than its polling interval), stop accepting connections;
// 3. the requests in flight finish; then exit. A request that hangs cannot hold the exit forever.
process.on('SIGTERM', () => {
  if (draining) return;
  draining = true;
  console.log(`${instance}: SIGTERM, draining (/ready answers 503), ${inFlight} request(s) in flight`);
  setTimeout(() => {
    server.close(() => {
      console.log(`${instance}: every request finished, exiting`);
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.log(`${instance}: requests still running after ${SHUTDOWN_TIMEOUT_MS} ms, exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
  }, DRAIN_DELAY_MS);
});

server.listen(port, () => {
  console.log(`${instance} listening on port ${port}`);
});
