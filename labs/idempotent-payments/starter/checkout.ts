import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto'; // for the Idempotency-Key

// The grader picks the port, and points PAYMENTS_URL at a fault proxy in front of payments.
const port = Number(process.env.PORT ?? 3000);
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:3001';

// The lab's numbers come from the environment (lab.json), so the checks can use short real times.
/** Time limit of ONE call to payments. */
const TIMEOUT_MS = Number(process.env.PAYMENTS_TIMEOUT_MS ?? 200);
/** Calls per checkout, the first one included: at most MAX_ATTEMPTS - 1 retries. */
const MAX_ATTEMPTS = Number(process.env.MAX_ATTEMPTS ?? 4);
/** Backoff before the 1st retry; it doubles before each next one. */
const BACKOFF_MS = Number(process.env.BACKOFF_MS ?? 20);

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
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** For the backoff between attempts. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Answer {
  status: number;
  body: any;
}

/**
 * Pays for an order with ONE call to payments.
 * TODO: it waits as long as payments takes, sends no Idempotency-Key and never retries.
 *       Make it: one key for the whole operation (randomUUID(), created once), sent with every
 *       attempt; each attempt cut after TIMEOUT_MS; retry a timeout, a connection error, a 5xx
 *       and a 409, at most MAX_ATTEMPTS attempts in all, waiting a jittered, doubling backoff
 *       (BACKOFF_MS before the 1st retry) in between.
 */
async function pay(orderId: string, amount: number): Promise<Answer> {
  const response = await fetch(`${paymentsUrl}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, amount }),
  });
  return { status: response.status, body: parseJson(await response.text()) };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  // POST /checkout {"orderId", "amount"}: pays for the order (POST /payments on payments).
  if (req.method === 'POST' && url.pathname === '/checkout') {
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
    let answer: Answer;
    try {
      answer = await pay(orderId, amount as number);
    } catch (error) {
      // TODO: after the last failed attempt: 502 {"error": ..., "orderId"}.
      return sendJson(res, 500, { error: (error as Error).message });
    }
    if (answer.status !== 201) return sendJson(res, answer.status, answer.body ?? { error: `payments answered ${answer.status}` });
    return sendJson(res, 201, { orderId, amount, paymentId: answer.body?.paymentId });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`checkout listening on port ${port} (timeout ${TIMEOUT_MS} ms, ${MAX_ATTEMPTS} attempts, backoff ${BACKOFF_MS} ms)`);
});
