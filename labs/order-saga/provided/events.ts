import { createServer } from 'node:http';
import { readJson, sendJson } from './http.ts';

/**
 * The events service, provided by the lab: you do not edit it. It stands for the message
 * broker and its consumers. A consumer sees an event once per event id: a second delivery of
 * the same id is acknowledged and ignored, like an idempotent consumer does.
 *
 *   POST /events             {"id": "…", "type": "order.confirmed", "orderId": "…"}
 *                            201 stored | 200 already had this id (ignored) | 400 bad body
 *   GET  /events?orderId=…   200 {"events": [...], "deliveries": 3}: what consumers saw for that
 *                            order (one per id, oldest first) and how many POSTs brought them
 */
const port = Number(process.env.PORT ?? 3003);

interface Event {
  id: string;
  type: string;
  orderId: string;
}
const events: Event[] = [];
const seen = new Set<string>();
const deliveries = new Map<string, number>();

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  if (req.method === 'GET' && url.pathname === '/events') {
    const orderId = url.searchParams.get('orderId');
    const list = orderId ? events.filter((e) => e.orderId === orderId) : events;
    const count = orderId ? (deliveries.get(orderId) ?? 0) : [...deliveries.values()].reduce((a, b) => a + b, 0);
    return sendJson(res, 200, { events: list, deliveries: count });
  }

  if (req.method === 'POST' && url.pathname === '/events') {
    const body = await readJson(req);
    const { id, type, orderId } = (body ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || !id || typeof type !== 'string' || !type || typeof orderId !== 'string' || !orderId) {
      return sendJson(res, 400, { error: 'expected {"id": string, "type": string, "orderId": string}' });
    }
    deliveries.set(orderId, (deliveries.get(orderId) ?? 0) + 1);
    if (seen.has(id)) {
      console.log(`duplicate delivery of ${id} (${type}), ignored`);
      return sendJson(res, 200, { id, duplicate: true });
    }
    seen.add(id);
    events.push({ id, type, orderId });
    console.log(`event ${id}: ${type} for order ${orderId}`);
    return sendJson(res, 201, { id, duplicate: false });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => console.log(`events listening on port ${port}`));
