import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const port = Number(process.env.PORT ?? 3000);

interface Item {
  id: string;
  name: string;
  price: number;
}

const items = new Map<string, Item>();
let nextId = 1;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseItem(text: string): { name: string; price: number } | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'the body is not valid JSON';
  }
  if (typeof data !== 'object' || data === null) return 'the body must be a JSON object';
  const { name, price } = data as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return '"name" must be a non-empty string';
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) return '"price" must be a number >= 0';
  return { name, price };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') {
    return sendJson(res, 200, { status: 'ok' });
  }

  if (req.method === 'POST' && url.pathname === '/items') {
    const parsed = parseItem(await readBody(req));
    if (typeof parsed === 'string') return sendJson(res, 400, { error: parsed });
    const item: Item = { id: String(nextId++), ...parsed };
    items.set(item.id, item);
    return sendJson(res, 201, item, { location: `/items/${item.id}` });
  }

  const match = /^\/items\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const item = items.get(decodeURIComponent(match[1]!));
    if (!item) return sendJson(res, 404, { error: `no item with id ${match[1]}` });
    return sendJson(res, 200, item);
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`catalog listening on port ${port}`);
});
