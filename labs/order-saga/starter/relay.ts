import { markPublished, pendingEvents, type OutboxEvent } from './store.ts';

/**
 * The outbox relay: publishes the events the store has not marked as published.
 * TODO: it sends each event once and forgets it whatever happened. Mark an event published only
 * when events answered 2xx; otherwise keep it, stop this pass and try again on the next one.
 */
const eventsUrl = process.env.EVENTS_URL ?? 'http://127.0.0.1:3003';
const INTERVAL_MS = Number(process.env.RELAY_INTERVAL_MS ?? 200);

async function publish(event: OutboxEvent): Promise<void> {
  try {
    const response = await fetch(`${eventsUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(1000),
    });
    console.log(`published ${event.type} for order ${event.orderId}: ${response.status}`);
  } catch (error) {
    console.log(`could not publish ${event.type}: ${(error as Error).message}`);
  }
}

export async function relayOnce(): Promise<void> {
  for (const event of pendingEvents()) {
    markPublished(event.id);
    await publish(event);
  }
}

export function startRelay(): void {
  setInterval(() => void relayOnce(), INTERVAL_MS);
}
