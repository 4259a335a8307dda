import { createServer } from 'node:http';
import { readJson, sendJson } from './http.ts';

/**
 * The payments service, provided by the lab: you do not edit it.
 *
 *   POST /payments             {"orderId": "…", "amount": 30}
 *                              201 {"id": "p1", "orderId", "amount", "status": "charged"}
 *                              402 {"error": "declined"} when the amount is over 500 (nothing charged)
 *                              | 400 bad body
 *                              NOT idempotent: every 201 is one more charge on the customer's card.
 *   GET  /payments?orderId=…   200 {"payments": [...]}: every charge made for that order (maybe none)
 *
 * For the grader only (the checks call it directly, orders never does):
 *   POST /control/answer-late  {"ms": 600, "times": 1}: the next `times` charges are made at once,
 *                              but their 201 is sent `ms` later (an answer that comes after the
 *                              caller's timeout).
 */
const port = Number(process.env.PORT ?? 3002);
const LIMIT = 500;

interface Payment {
  id: string;
  orderId: string;
  amount: number;
  status: 'charged';
}
const payments: Payment[] = [];
let next = 1;
let late = { ms: 0, times: 0 };

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  if (req.method === 'POST' && url.pathname === '/control/answer-late') {
    const body = (await readJson(req)) ?? {};
    late = { ms: Number(body.ms) || 0, times: Number(body.times) || 0 };
    res.writeHead(204).end();
    return;
  }

  if (req.method === 'GET' && url.pathname === '/payments') {
    const orderId = url.searchParams.get('orderId');
    if (!orderId) return sendJson(res, 400, { error: 'expected ?orderId=…' });
    return sendJson(res, 200, { payments: payments.filter((p) => p.orderId === orderId) });
  }

  if (req.method === 'POST' && url.pathname === '/payments') {
    const body = await readJson(req);
    const { orderId, amount } = (body ?? {}) as Record<string, unknown>;
    if (typeof orderId !== 'string' || !orderId || typeof amount !== 'number' || !(amount > 0)) {
      return sendJson(res, 400, { error: 'expected {"orderId": string, "amount": positive number}' });
    }
    if (amount > LIMIT) {
      console.log(`declined ${amount} for order ${orderId}`);
      return sendJson(res, 402, { error: `declined: ${amount} is over the limit of ${LIMIT}` });
    }
    const payment: Payment = { id: `p${next++}`, orderId, amount, status: 'charged' };
    payments.push(payment);
    console.log(`charged ${amount} for order ${orderId}: ${payment.id}`);
    if (late.times > 0) {
      late.times--;
      await new Promise((resolve) => setTimeout(resolve, late.ms));
    }
    return sendJson(res, 201, payment);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => console.log(`payments listening on port ${port}`));
