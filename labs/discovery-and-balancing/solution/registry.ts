import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The grader picks the port. TTL_MS comes from lab.json, so the checks can use short real times.
const port = Number(process.env.PORT ?? 4000);
/** An instance not heard from (registration or heartbeat) for TTL_MS is gone. */
const TTL_MS = Number(process.env.TTL_MS ?? 200);

interface Instance {
  id: string;
  url: string;
  /** Date.now() of its registration or last heartbeat. */
  lastSeen: number;
}

/** service name -> instance id -> instance */
const services = new Map<string, Map<string, Instance>>();

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON object in the body, or undefined when the body is not a JSON object. */
async function readObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readBody(req));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(value);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The live instances of a service, forgetting those whose TTL has passed. */
function live(service: string): Instance[] {
  const instances = services.get(service);
  if (!instances) return [];
  const now = Date.now();
  for (const [id, instance] of instances) {
    if (now - instance.lastSeen > TTL_MS) {
      instances.delete(id);
      console.log(`${service}/${id}: no heartbeat for ${now - instance.lastSeen} ms, removed`);
    }
  }
  return [...instances.values()].sort((a, b) => a.id.localeCompare(b.id));
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  // POST /register {"service", "id", "url"}: adds (or replaces) an instance; counts as a heartbeat.
  if (req.method === 'POST' && url.pathname === '/register') {
    const body = await readObject(req);
    if (!body || !isName(body.service) || !isName(body.id) || !isHttpUrl(body.url)) {
      return sendJson(res, 400, { error: 'expected {"service": name, "id": name, "url": "http://host:port"}' });
    }
    let instances = services.get(body.service);
    if (!instances) services.set(body.service, (instances = new Map()));
    instances.set(body.id, { id: body.id, url: body.url, lastSeen: Date.now() });
    console.log(`${body.service}/${body.id}: registered at ${body.url}`);
    return sendJson(res, 201, { service: body.service, id: body.id, url: body.url, ttlMs: TTL_MS });
  }

  // POST /heartbeat {"service", "id"}: keeps a registered instance alive; 404 once it is forgotten.
  if (req.method === 'POST' && url.pathname === '/heartbeat') {
    const body = await readObject(req);
    if (!body || !isName(body.service) || !isName(body.id)) {
      return sendJson(res, 400, { error: 'expected {"service": name, "id": name}' });
    }
    const instance = live(body.service).find((i) => i.id === body.id);
    if (!instance) return sendJson(res, 404, { error: `${body.service}/${body.id} is not registered: register again` });
    instance.lastSeen = Date.now();
    return sendJson(res, 200, { service: body.service, id: body.id, ttlMs: TTL_MS });
  }

  // GET /services/<service>: the live instances.
  const match = /^\/services\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const service = decodeURIComponent(match[1]!);
    return sendJson(res, 200, { service, instances: live(service).map(({ id, url }) => ({ id, url })) });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`registry listening on port ${port} (TTL ${TTL_MS} ms)`);
});
