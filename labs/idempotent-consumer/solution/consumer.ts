import { isApplied, record } from './store.ts';
import { work, type Message } from './work.ts';

/**
 * The consumer loop: leases messages from the broker, never more than MAX_IN_FLIGHT at once;
 * applies the messages of one key one after the other, in the order received; applies each
 * message once, whatever the broker redelivers; acks only after the effect is stored; and
 * dead-letters a message whose MAX_ATTEMPTS-th attempt failed.
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

/** Messages leased and not yet acked, nacked or dead-lettered (as far as we know). */
let inFlight = 0;
/** Per key, the tail of the chain of messages being handled: the next one waits for it. */
const chains = new Map<string, Promise<void>>();

async function handle(message: Message): Promise<void> {
  try {
    if (isApplied(message.id)) {
      console.log(`${message.id} already applied: a duplicate, only acked`);
    } else {
      const amount = await work(message);
      record({ id: message.id, key: message.key, amount });
    }
  } catch (error) {
    const reason = (error as Error).message;
    const last = message.attempt >= MAX_ATTEMPTS;
    console.log(`${message.id} attempt ${message.attempt} failed: ${reason}${last ? ', dead-lettered' : ', given back'}`);
    await broker(last ? '/dead-letter' : '/nack', { receipt: message.receipt, reason }).catch(() => undefined);
    return;
  }
  // The effect is stored: only now is it safe to ack. If the ack is lost, the message comes back
  // after its visibility timeout and is recognised as applied.
  try {
    await broker('/ack', { receipt: message.receipt });
  } catch (error) {
    console.log(`ack of ${message.id} failed (${(error as Error).message}); it will be redelivered`);
  }
}

function enqueue(message: Message): void {
  inFlight++;
  const previous = chains.get(message.key) ?? Promise.resolve();
  const next = previous.then(() => handle(message)).finally(() => {
    inFlight--;
    if (chains.get(message.key) === next) chains.delete(message.key);
  });
  chains.set(message.key, next);
}

export async function consume(): Promise<never> {
  for (;;) {
    const room = Math.min(MAX_IN_FLIGHT - inFlight, 10);
    if (room > 0) {
      try {
        const { messages } = await broker('/receive', { max: room });
        for (const message of messages as Message[]) enqueue(message);
        if (messages.length > 0) continue;
      } catch (error) {
        console.log(`receive failed: ${(error as Error).message}`);
      }
    }
    await sleep(POLL_MS);
  }
}
