import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The orders "database". TODO: today it is a Map in memory, so a crash forgets every order and
 * every event not yet sent. Make it a JSON-lines file, FILE, in the service's own tmp folder:
 * append one line per change (the order's new version WITH its outbox events, in the same line;
 * or a note that an event was published), and read the file back in load().
 */
export type OrderState = 'pending' | 'confirmed' | 'cancelling' | 'cancelled';

export interface Order {
  id: string;
  sku: string;
  quantity: number;
  amount: number;
  state: OrderState;
  reservationId?: string;
  paymentId?: string;
  reason?: string;
}

export interface OutboxEvent {
  id: string;
  type: 'order.confirmed' | 'order.cancelled';
  orderId: string;
}

export const FILE = join(tmpdir(), 'orders.jsonl');

const orders = new Map<string, Order>();
const unpublished: OutboxEvent[] = [];

/** Reads the store back after a restart. TODO: read FILE line by line (skip a torn last line). */
export function load(): void {}

/** Saves the order's new version and its events. TODO: one appendFileSync line holding both. */
export function commit(order: Order, events: OutboxEvent['type'][] = []): Order {
  orders.set(order.id, order);
  unpublished.push(...events.map((type) => ({ id: randomUUID(), type, orderId: order.id })));
  return order;
}

/** TODO: append {"published": eventId} so that a restart does not send it again. */
export function markPublished(eventId: string): void {
  const i = unpublished.findIndex((e) => e.id === eventId);
  if (i >= 0) unpublished.splice(i, 1);
}

export function getOrder(id: string): Order | undefined {
  return orders.get(id);
}

export function pendingEvents(): readonly OutboxEvent[] {
  return [...unpublished];
}
