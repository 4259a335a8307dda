import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The broker, provided by the lab: you do not edit it. A queue with at-least-once delivery,
 * like Amazon SQS: a message you receive is leased to you for VISIBILITY_TIMEOUT_MS; ack it in
 * time and it is gone; otherwise it becomes visible again and is delivered again, with
 * `attempt` one higher. Messages are handed out oldest first.
 *
 *   POST /receive       {"max": 4}   200 {"messages": [{"id", "key", "payload", "attempt", "receipt"}]}
 *                                    at most `max` (1 to 10) visible messages, maybe none
 *   POST /ack           {"receipt"}  200: done, the message is removed (acking twice is fine)
 *   POST /nack          {"receipt"}  200: the message is visible again at once (the attempt counted)
 *   POST /dead-letter   {"receipt", "reason"}  200: the message moves to the dead-letter queue
 *   (an unknown receipt gets 404; a bad body 400)
 *
 * For the grader (the checks call these directly, your worker never does):
 *   POST /publish       {"messages": [{"id", "key", "payload"}, …]}  201, all visible at once
 *   GET  /stats         what happened: counts, the most messages in flight at once, the dead
 *                       letters, and every message with its state and attempts
 *   POST /control       {"duplicates": true}: every message is delivered one extra time, as a
 *                       copy with its own receipt (brokers do this: at-least-once means "maybe twice")
 */
const port = Number(process.env.PORT ?? 3001);
const VISIBILITY_TIMEOUT_MS = Number(process.env.VISIBILITY_TIMEOUT_MS ?? 5000);

interface Entry {
  id: string;
  key: string;
  payload: unknown;
  attempts: number;
  visibleAt: number;
  state: 'ready' | 'leased' | 'acked' | 'dead';
  /** The receipt of the current lease. */
  receipt?: string;
  copy: boolean;
}

const queue: Entry[] = [];
const receipts = new Map<string, Entry>();
const deadLetters: { id: string; key: string; attempts: number; reason: string }[] = [];
let duplicates = false;
let nextReceipt = 1;
const stats = { published: 0, deliveries: 0, acked: 0, maxInFlight: 0 };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
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

/** Leases whose time ran out become visible again. */
function expire(now: number): void {
  for (const entry of queue) {
    if (entry.state === 'leased' && entry.visibleAt <= now) {
      entry.state = 'ready';
      console.log(`lease of ${entry.id} (attempt ${entry.attempts}) expired: it will be delivered again`);
    }
  }
}

function inFlight(): number {
  return queue.filter((e) => e.state === 'leased').length;
}

function receive(max: number): object[] {
  const now = Date.now();
  expire(now);
  const out: object[] = [];
  for (const entry of queue) {
    if (out.length >= max) break;
    if (entry.state !== 'ready' || entry.visibleAt > now) continue;
    entry.state = 'leased';
    entry.attempts++;
    entry.visibleAt = now + VISIBILITY_TIMEOUT_MS;
    entry.receipt = `rc${nextReceipt++}`;
    receipts.set(entry.receipt, entry);
    stats.deliveries++;
    out.push({ id: entry.id, key: entry.key, payload: entry.payload, attempt: entry.attempts, receipt: entry.receipt });
    if (duplicates && !entry.copy && entry.attempts === 1) {
      queue.push({ ...entry, state: 'ready', attempts: 0, visibleAt: now, receipt: undefined, copy: true });
    }
  }
  stats.maxInFlight = Math.max(stats.maxInFlight, inFlight());
  return out;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  if (req.method === 'GET' && url.pathname === '/stats') {
    expire(Date.now());
    const count = (state: Entry['state']) => queue.filter((e) => e.state === state).length;
    const messages = queue.filter((e) => !e.copy).map(({ id, key, state, attempts }) => ({ id, key, state, attempts }));
    return sendJson(res, 200, { ...stats, ready: count('ready'), inFlight: count('leased'), deadLetters, messages });
  }
  if (req.method !== 'POST') return sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  const body = (await readJson(req)) ?? {};

  switch (url.pathname) {
    case '/publish': {
      const batch: any[] = Array.isArray(body.messages) ? body.messages : [];
      if (batch.length === 0 || batch.some((m) => typeof m?.id !== 'string' || typeof m?.key !== 'string')) {
        return sendJson(res, 400, { error: 'expected {"messages": [{"id", "key", "payload"}, …]}' });
      }
      // All of a batch become visible at once.
      for (const m of batch) queue.push({ id: m.id, key: m.key, payload: m.payload, attempts: 0, visibleAt: 0, state: 'ready', copy: false });
      stats.published += batch.length;
      return sendJson(res, 201, { ids: batch.map((m) => m.id) });
    }
    case '/control': {
      if (typeof body.duplicates === 'boolean') duplicates = body.duplicates;
      stats.maxInFlight = inFlight();
      return sendJson(res, 200, { duplicates });
    }
    case '/receive': {
      const max = body.max === undefined ? 1 : Number(body.max);
      if (!Number.isInteger(max) || max < 1 || max > 10) return sendJson(res, 400, { error: '"max" is an integer from 1 to 10' });
      return sendJson(res, 200, { messages: receive(max) });
    }
    case '/ack':
    case '/nack':
    case '/dead-letter': {
      const entry = typeof body.receipt === 'string' ? receipts.get(body.receipt) : undefined;
      if (!entry) return sendJson(res, 404, { error: `unknown receipt ${JSON.stringify(body.receipt)}` });
      expire(Date.now());
      const done = entry.state === 'acked' || entry.state === 'dead';
      if (url.pathname === '/ack') {
        // Any receipt of the message acks it, even one whose lease ran out: its effect is done.
        if (!done) {
          entry.state = 'acked';
          stats.acked++;
        }
      } else if (entry.state === 'leased' && entry.receipt === body.receipt) {
        // Only the current lease can give the message back or dead-letter it.
        if (url.pathname === '/nack') {
          entry.state = 'ready';
          entry.visibleAt = 0;
        } else {
          entry.state = 'dead';
          deadLetters.push({ id: entry.id, key: entry.key, attempts: entry.attempts, reason: String(body.reason ?? '') });
          console.log(`${entry.id} moved to the dead-letter queue after ${entry.attempts} attempts`);
        }
      }
      return sendJson(res, 200, { id: entry.id, state: entry.state });
    }
  }
  sendJson(res, 404, { error: `no route for POST ${url.pathname}` });
});

server.listen(port, () => console.log(`broker listening on port ${port}`));
