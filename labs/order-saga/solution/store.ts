import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The orders "database": one JSON-lines file in the service's own tmp folder. Each line is
 * either a new version of one order together with the events that change produces (the
 * outbox), or a note that an event was published. An order's state and its events are written
 * in ONE line, so they are committed together or not at all: there is no moment where the
 * order is confirmed but its event is lost.
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
  /** Chosen when the event is written, never when it is sent: every retry sends the same id. */
  id: string;
  type: 'order.confirmed' | 'order.cancelled';
  orderId: string;
}

type Line = { order: Order; outbox: OutboxEvent[] } | { published: string };

export const FILE = join(tmpdir(), 'orders.jsonl');

const orders = new Map<string, Order>();
/** Events written but not yet published, oldest first. */
const unpublished: OutboxEvent[] = [];

function apply(line: Line): void {
  if ('published' in line) {
    const i = unpublished.findIndex((e) => e.id === line.published);
    if (i >= 0) unpublished.splice(i, 1);
    return;
  }
  orders.set(line.order.id, line.order);
  unpublished.push(...line.outbox);
}

function append(line: Line): void {
  // One appendFileSync is one write: the line is in the file before we go on.
  appendFileSync(FILE, JSON.stringify(line) + '\n');
  apply(line);
}

/** Reads the file back after a restart. A torn last line (a crash mid-write) is skipped. */
export function load(): void {
  if (!existsSync(FILE)) return;
  let count = 0;
  for (const text of readFileSync(FILE, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    try {
      apply(JSON.parse(text) as Line);
      count++;
    } catch {
      console.log(`skipped a torn line in ${FILE}`);
    }
  }
  console.log(`loaded ${count} lines: ${orders.size} orders, ${unpublished.length} events to publish`);
}

/** Writes the order's new version and its events in one line. */
export function commit(order: Order, events: OutboxEvent['type'][] = []): Order {
  const outbox = events.map((type) => ({ id: randomUUID(), type, orderId: order.id }));
  append({ order, outbox });
  return order;
}

export function markPublished(eventId: string): void {
  append({ published: eventId });
}

export function getOrder(id: string): Order | undefined {
  return orders.get(id);
}

export function pendingEvents(): readonly OutboxEvent[] {
  return [...unpublished];
}
