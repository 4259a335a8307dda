import { createServer } from 'node:http';
import { readJson, sendJson } from './http.ts';

/**
 * The stock service, provided by the lab: you do not edit it.
 *
 *   GET    /stock/<sku>          200 {"sku": "teapot", "available": 100}   | 404 unknown sku
 *   POST   /reservations         {"orderId": "…", "sku": "teapot", "quantity": 2}
 *                                201 {"id": "r1", "orderId", "sku", "quantity", "released": false}
 *                                200 the same reservation when this orderId already has one (one per order)
 *                                | 400 bad body | 404 unknown sku | 409 not enough stock
 *   DELETE /reservations/<id>    200 {"id", …, "released": true}: the stock goes back. Releasing a
 *                                released reservation again changes nothing (still 200).
 *                                | 404 unknown reservation
 *   GET    /reservations/<id>    200 the reservation | 404
 */
const port = Number(process.env.PORT ?? 3001);

const stock = new Map<string, number>([
  ['teapot', 100],
  ['cup', 100],
  ['kettle', 100],
  ['lamp', 100],
  ['mug', 0],
]);

interface Reservation {
  id: string;
  orderId: string;
  sku: string;
  quantity: number;
  released: boolean;
}
const reservations = new Map<string, Reservation>();
const byOrder = new Map<string, Reservation>();
let next = 1;

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  const sku = /^\/stock\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && sku) {
    const name = decodeURIComponent(sku[1]!);
    const available = stock.get(name);
    if (available === undefined) return sendJson(res, 404, { error: `unknown sku "${name}"` });
    return sendJson(res, 200, { sku: name, available });
  }

  if (req.method === 'POST' && url.pathname === '/reservations') {
    const body = await readJson(req);
    const { orderId, sku, quantity } = (body ?? {}) as Record<string, unknown>;
    if (typeof orderId !== 'string' || !orderId || typeof sku !== 'string' || !Number.isInteger(quantity) || (quantity as number) <= 0) {
      return sendJson(res, 400, { error: 'expected {"orderId": string, "sku": string, "quantity": positive integer}' });
    }
    const existing = byOrder.get(orderId);
    if (existing) return sendJson(res, 200, existing);
    const available = stock.get(sku);
    if (available === undefined) return sendJson(res, 404, { error: `unknown sku "${sku}"` });
    if (available < (quantity as number)) return sendJson(res, 409, { error: `only ${available} of "${sku}" left` });
    stock.set(sku, available - (quantity as number));
    const reservation: Reservation = { id: `r${next++}`, orderId, sku, quantity: quantity as number, released: false };
    reservations.set(reservation.id, reservation);
    byOrder.set(orderId, reservation);
    console.log(`reserved ${quantity} ${sku} for order ${orderId}: ${reservation.id}`);
    return sendJson(res, 201, reservation);
  }

  const one = /^\/reservations\/([^/]+)$/.exec(url.pathname);
  if (one && (req.method === 'GET' || req.method === 'DELETE')) {
    const reservation = reservations.get(decodeURIComponent(one[1]!));
    if (!reservation) return sendJson(res, 404, { error: `no reservation "${one[1]}"` });
    if (req.method === 'DELETE' && !reservation.released) {
      reservation.released = true;
      stock.set(reservation.sku, (stock.get(reservation.sku) ?? 0) + reservation.quantity);
      console.log(`released ${reservation.id} (${reservation.quantity} ${reservation.sku})`);
    }
    return sendJson(res, 200, reservation);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => console.log(`stock listening on port ${port}`));
