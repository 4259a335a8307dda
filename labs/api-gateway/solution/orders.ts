// The orders service: it owns the orders, and nothing else. (Complete: you do not need to change it.)
import { createServer } from 'node:http';
import { readJson, sendJson } from './shared.ts';

const port = Number(process.env.PORT ?? 3002);

interface Order {
  id: string;
  userId: string;
  item: string;
  quantity: number;
}

const orders: Order[] = [
  { id: '1', userId: '1', item: 'Analytical Engine manual', quantity: 1 },
  { id: '2', userId: '2', item: 'Penguin plush', quantity: 2 },
  { id: '3', userId: '1', item: 'Punched cards', quantity: 100 },
];
let nextId = orders.length + 1;

/** A new order from a request body, or the reason it is not one. */
function parseOrder(data: unknown): Omit<Order, 'id'> | string {
  if (typeof data !== 'object' || data === null) return 'the body must be a JSON object';
  const { userId, item, quantity = 1 } = data as Record<string, unknown>;
  if ((typeof userId !== 'string' && typeof userId !== 'number') || String(userId) === '') return '"userId" is required';
  if (typeof item !== 'string' || item.trim() === '') return '"item" must be a non-empty string';
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) return '"quantity" must be a whole number >= 1';
  return { userId: String(userId), item, quantity };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://orders');
  console.log(`orders: ${req.method} ${req.url} x-request-id=${req.headers['x-request-id'] ?? '(none)'}`);

  if (req.method === 'GET' && url.pathname === '/health') {
    return sendJson(res, 200, { status: 'ok' });
  }

  if (req.method === 'GET' && url.pathname === '/orders') {
    const userId = url.searchParams.get('userId');
    return sendJson(res, 200, userId === null ? orders : orders.filter((o) => o.userId === userId));
  }

  if (req.method === 'POST' && url.pathname === '/orders') {
    const parsed = parseOrder(await readJson(req));
    if (typeof parsed === 'string') return sendJson(res, 400, { error: `orders: ${parsed}` });
    const order: Order = { id: String(nextId++), ...parsed };
    orders.push(order);
    return sendJson(res, 201, order, { location: `/orders/${order.id}` });
  }

  const match = /^\/orders\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const order = orders.find((o) => o.id === decodeURIComponent(match[1]!));
    if (!order) return sendJson(res, 404, { error: `no order with id ${match[1]}` });
    return sendJson(res, 200, order);
  }

  sendJson(res, 404, { error: `orders: no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`orders listening on port ${port}`);
});
