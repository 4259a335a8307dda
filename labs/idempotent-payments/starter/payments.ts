import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';

// The grader picks the port, and points BANK_URL at a fault proxy in front of the bank.
const port = Number(process.env.PORT ?? 3001);
const bankUrl = process.env.BANK_URL ?? 'http://127.0.0.1:3002';

interface Answer {
  status: number;
  body: unknown;
}

// TODO: remember every Idempotency-Key: in progress while the bank call runs, then its answer.

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The same payment request gives the same fingerprint, whatever the order or spacing of its JSON. */
function fingerprintOf(orderId: string, amount: number): string {
  return createHash('sha256').update(JSON.stringify([orderId, amount])).digest('hex');
}

/** Charges the card at the bank (POST /charges: every call takes money). */
async function charge(orderId: string, amount: number): Promise<Answer> {
  const response = await fetch(`${bankUrl}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, amount }),
  });
  const text = await response.text();
  if (response.status !== 201) return { status: 502, body: { error: `the bank refused the charge (${response.status})` } };
  const bankCharge = JSON.parse(text) as { id: string };
  return { status: 201, body: { paymentId: `pay_${randomUUID()}`, orderId, amount, chargeId: bankCharge.id } };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  // POST /payments {"orderId", "amount"} with an Idempotency-Key header.
  if (req.method === 'POST' && url.pathname === '/payments') {
    // TODO: the Idempotency-Key header is required (400 without it).
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
    // TODO: a key seen before: 422 if the request differs (fingerprintOf), 409 while it is in
    //       progress, otherwise replay the stored answer (header idempotent-replayed: true).
    // TODO: a new key: mark it in progress before the bank call; afterwards keep the answer,
    //       and release the key only when you KNOW the bank charged nothing.
    let answer: Answer;
    try {
      answer = await charge(orderId, amount as number);
    } catch (error) {
      answer = { status: 502, body: { error: `the bank gave no answer: ${(error as Error).message}` } };
    }
    return sendJson(res, answer.status, answer.body);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`payments listening on port ${port}`);
});
