import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The grader picks the port, and points INVENTORY_URL at a fault proxy in front of inventory.
const port = Number(process.env.PORT ?? 3000);
const inventoryUrl = process.env.INVENTORY_URL ?? 'http://127.0.0.1:3001';

interface InventoryAnswer {
  status: number;
  body: any;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One call to inventory.
 * TODO: it waits as long as inventory takes (no time limit), and a 5xx comes back as an
 *       ordinary answer. Make it a call that is cut after CALL_TIMEOUT_MS, that throws on a failure
 *       (timeout, connection error, 5xx), and that goes through a circuit breaker.
 */
async function callInventory(method: string, path: string, body?: unknown): Promise<InventoryAnswer> {
  const response = await fetch(`${inventoryUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: parseJson(text) };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  // GET /orders/availability/<sku>: how many are left, asked to inventory (GET /stock/<sku>).
  const match = /^\/orders\/availability\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const sku = decodeURIComponent(match[1]!);
    let answer: InventoryAnswer;
    try {
      // TODO: a GET is idempotent: retry it (at most 2 retries, waiting RETRY_DELAYS_MS before each).
      answer = await callInventory('GET', `/stock/${encodeURIComponent(sku)}`);
    } catch (error) {
      // TODO: the fallback: 200 {"sku": ..., "available": null, "degraded": true}.
      return sendJson(res, 502, { error: `inventory could not be reached: ${(error as Error).message}` });
    }
    if (answer.status !== 200) {
      // TODO: a 4xx is inventory's answer: pass it on. A 5xx is a failure.
      return sendJson(res, 502, { error: `inventory answered ${answer.status}` });
    }
    return sendJson(res, 200, { sku, available: answer.body.available, degraded: false });
  }

  // POST /orders {"sku", "quantity"}: reserves the stock (POST /reservations on inventory).
  if (req.method === 'POST' && url.pathname === '/orders') {
    let order: unknown;
    try {
      order = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { error: 'the body is not valid JSON' });
    }
    let answer: InventoryAnswer;
    try {
      // A reservation is NOT idempotent: call inventory once, never retry.
      answer = await callInventory('POST', '/reservations', order);
    } catch (error) {
      // TODO: when inventory fails or the breaker is open: 503 {"error": ...}.
      return sendJson(res, 502, { error: `inventory could not be reached: ${(error as Error).message}` });
    }
    if (answer.status !== 201) {
      // TODO: a 4xx is inventory's answer: pass it on. A 5xx is a failure.
      return sendJson(res, 502, { error: `inventory answered ${answer.status}` });
    }
    const { id, sku, quantity } = answer.body;
    return sendJson(res, 201, { sku, quantity, reservationId: id });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`orders listening on port ${port}`);
});
