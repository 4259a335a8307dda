import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The bank (card processor), provided by the lab: you do not edit it. Every POST /charges takes
 * money from the customer: it is NOT idempotent, a second call charges a second time. The
 * grader reads GET /charges to count how often each order was charged.
 *
 *   POST /charges  {"orderId": "o-1", "amount": 1250}
 *                  201 {"id": "ch_1", "orderId": "o-1", "amount": 1250}   | 400 bad body
 *   GET  /charges[?orderId=o-1]   200 {"charges": [{"id", "orderId", "amount"}, ...]}
 *
 * A charge takes CHARGE_MS (10 ms in the lab) to go through, like a real processor's round trip.
 */
const port = Number(process.env.PORT ?? 3002);
const chargeMs = Number(process.env.CHARGE_MS ?? 10);

interface Charge {
  id: string;
  orderId: string;
  amount: number;
}
const charges: Charge[] = [];

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

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  if (req.method === 'GET' && url.pathname === '/charges') {
    const orderId = url.searchParams.get('orderId');
    return sendJson(res, 200, { charges: orderId === null ? charges : charges.filter((c) => c.orderId === orderId) });
  }

  if (req.method === 'POST' && url.pathname === '/charges') {
    let data: unknown;
    try {
      data = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { error: 'the body is not valid JSON' });
    }
    const { orderId, amount } = (data ?? {}) as Record<string, unknown>;
    if (typeof orderId !== 'string' || orderId === '' || !Number.isInteger(amount) || (amount as number) <= 0) {
      return sendJson(res, 400, { error: 'expected {"orderId": string, "amount": positive integer (cents)}' });
    }
    await new Promise((resolve) => setTimeout(resolve, chargeMs));
    const charge: Charge = { id: `ch_${charges.length + 1}`, orderId, amount: amount as number };
    charges.push(charge);
    console.log(`charged ${charge.amount} for order ${orderId} (${charge.id})`);
    return sendJson(res, 201, charge);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`bank listening on port ${port}`);
});
