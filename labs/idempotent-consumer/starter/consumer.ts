import { record } from './store.ts';
import { work, type Message } from './work.ts';

/**
 * The consumer loop. It works when nothing goes wrong; the broker is at-least-once, though.
 * TODO:
 *   - take at most MAX_IN_FLIGHT messages at a time (a message counts until its ack is answered);
 *   - apply each message once: skip (and only ack) a message whose id the store already has;
 *   - ack only after the effect is stored;
 *   - when work() throws: POST /nack, or POST /dead-letter when the attempt was MAX_ATTEMPTS;
 *   - handle the messages of one key one after the other, in the order received.
 */
const brokerUrl = process.env.BROKER_URL ?? 'http://127.0.0.1:3001';
const MAX_IN_FLIGHT = Number(process.env.MAX_IN_FLIGHT ?? 4);
const MAX_ATTEMPTS = Number(process.env.MAX_ATTEMPTS ?? 3);
const POLL_MS = Number(process.env.POLL_MS ?? 200);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function broker(path: string, body: unknown): Promise<any> {
  const response = await fetch(`${brokerUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(1000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`broker ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function handle(message: Message): Promise<void> {
  try {
    await broker('/ack', { receipt: message.receipt });
    const amount = await work(message);
    record({ id: message.id, key: message.key, amount });
  } catch (error) {
    console.log(`${message.id} attempt ${message.attempt} failed: ${(error as Error).message} (MAX_ATTEMPTS is ${MAX_ATTEMPTS})`);
  }
}

export async function consume(): Promise<never> {
  console.log(`consuming, MAX_IN_FLIGHT is ${MAX_IN_FLIGHT}`);
  for (;;) {
    try {
      const { messages } = await broker('/receive', { max: 10 });
      for (const message of messages as Message[]) void handle(message);
      if (messages.length > 0) continue;
    } catch (error) {
      console.log(`receive failed: ${(error as Error).message}`);
    }
    await sleep(POLL_MS);
  }
}
