import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Before retry n (1, 2, 3...): exponential backoff with "equal jitter", between half and all of BACKOFF_MS * 2^(n-1). */
function backoff(retry: number): number {
  const ceiling = BACKOFF_MS * 2 ** (retry - 1);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

interface Answer {
  status: number;
  body: any;
}

/**
 * Pays for an order: one Idempotency-Key for the whole operation, sent with every attempt.
 * Retried: a timeout, a connection error (the payment may have happened: the key makes the retry
 * safe), a 5xx, and 409 (the same key is still in progress). Not retried: any other answer.
 */
async function pay(orderId: string, amount: number): Promise<{ answer?: Answer; attempts: number; lastError: string }> {
  const key = randomUUID();
  let lastError = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) await sleep(backoff(attempt - 1));
    try {
      const response = await fetch(`${paymentsUrl}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ orderId, amount }),
        signal: AbortSignal.timeout(TIMEOUT_MS), // covers the body too
      });
      const text = await response.text();
      if (response.status < 500 && response.status !== 409) {
        return { answer: { status: response.status, body: parseJson(text) }, attempts: attempt, lastError };
      }
      lastError = `payments answered ${response.status}`;
    } catch (error) {
      lastError = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : (error as Error).message;
    }
    console.log(`checkout ${orderId}: attempt ${attempt} of ${MAX_ATTEMPTS} failed (${lastError})`);
  }
  return { attempts: MAX_ATTEMPTS, lastError };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

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
    const { answer, attempts, lastError } = await pay(orderId, amount as number);
    if (!answer) {
      return sendJson(res, 502, { error: `payment failed after ${attempts} attempts: ${lastError}`, orderId });
    }
    if (answer.status !== 201) return sendJson(res, answer.status, answer.body ?? { error: `payments answered ${answer.status}` });
    return sendJson(res, 201, { orderId, amount, paymentId: answer.body?.paymentId, attempts });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`checkout listening on port ${port}`);
});
