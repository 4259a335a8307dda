import { markPublished, pendingEvents, type OutboxEvent } from './store.ts';

/**
 * The outbox relay: publishes the events the store has not marked as published, oldest first,
 * and marks each one once events acknowledged it. A crash between the publish and the mark
 * means the event is sent again after the restart, with the same id: the consumer ignores
 * the second copy. That is at-least-once delivery, which the consumer makes exactly-once.
 */
const eventsUrl = process.env.EVENTS_URL ?? 'http://127.0.0.1:3003';
const INTERVAL_MS = Number(process.env.RELAY_INTERVAL_MS ?? 200);

async function publish(event: OutboxEvent): Promise<boolean> {
  try {
    const response = await fetch(`${eventsUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(1000),
    });
    await response.text();
    return response.ok;
  } catch {
    return false;
  }
}

let busy = false;

/** One pass over the outbox. Stops at the first failure: the next pass tries again. */
export async function relayOnce(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    for (const event of pendingEvents()) {
      if (!(await publish(event))) {
        console.log(`could not publish ${event.type} ${event.id}, will retry`);
        return;
      }
      markPublished(event.id);
      console.log(`published ${event.type} for order ${event.orderId}`);
    }
  } finally {
    busy = false;
  }
}

export function startRelay(): void {
  setInterval(() => void relayOnce(), INTERVAL_MS);
  void relayOnce();
}
