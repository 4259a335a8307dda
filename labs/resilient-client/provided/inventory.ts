import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The inventory service, provided by the lab: you do not edit it. In the lab it is perfectly
 * healthy; the grader makes it look flaky with a fault proxy between orders and inventory
 * (INVENTORY_URL points at that proxy): added latency, 500 answers, reset connections, a killed process.
 *
 *   GET  /stock/<sku>    200 {"sku": "teapot", "available": 12}   | 404 {"error": "..."} for an unknown sku
 *   POST /reservations   {"sku": "cup", "quantity": 2}
 *                        201 {"id": "r1", "sku": "cup", "quantity": 2}  NOT idempotent: every call reserves again
 *                        | 400 bad body | 404 unknown sku | 409 not enough stock
 */
const port = Number(process.env.PORT ?? 3001);

const stock = new Map<string, number>([
  ['teapot', 12],
  ['cup', 40],
  ['kettle', 5],
  ['mug', 0],
]);
let nextReservation = 1;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') {
    return sendJson(res, 200, { status: 'ok' });
  }

  const match = /^\/stock\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const sku = decodeURIComponent(match[1]!);
    const available = stock.get(sku);
    if (available === undefined) return sendJson(res, 404, { error: `unknown sku "${sku}"` });
    return sendJson(res, 200, { sku, available });
  }

  if (req.method === 'POST' && url.pathname === '/reservations') {
    let data: unknown;
    try {
      data = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { error: 'the body is not valid JSON' });
    }
    const { sku, quantity } = (data ?? {}) as Record<string, unknown>;
    if (typeof sku !== 'string' || !Number.isInteger(quantity) || (quantity as number) <= 0) {
      return sendJson(res, 400, { error: 'expected {"sku": string, "quantity": positive integer}' });
    }
    const available = stock.get(sku);
    if (available === undefined) return sendJson(res, 404, { error: `unknown sku "${sku}"` });
    if (available < (quantity as number)) {
      return sendJson(res, 409, { error: `only ${available} of "${sku}" left` });
    }
    stock.set(sku, available - (quantity as number));
    return sendJson(res, 201, { id: `r${nextReservation++}`, sku, quantity });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`inventory listening on port ${port}`);
});
