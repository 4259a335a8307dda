import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The grader picks the port. TTL_MS comes from lab.json, so the checks can use short real times.
const port = Number(process.env.PORT ?? 4000);
/** An instance not heard from (registration or heartbeat) for more than TTL_MS is gone. */
const TTL_MS = Number(process.env.TTL_MS ?? 400);

interface Entry {
  id: string;
  url: string;
  // TODO: remember when you last heard from the instance.
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

/** The instances of a service. TODO: only the live ones; forget those not heard from for more than TTL_MS. */
function lookup(service: string): { id: string; url: string }[] {
  const instances = services.get(service);
  if (!instances) return [];
  return [...instances.values()].map(({ id, url }) => ({ id, url }));
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
    // TODO: a body that is not {"url": "http://..."} gets 400, and must not touch the entry.
    const body = JSON.parse(await readBody(req));
    let instances = services.get(service);
    if (!instances) services.set(service, (instances = new Map()));
    instances.set(id, { id, url: body.url });
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

  // GET /services/<service>: the instances, [{"id", "url"}].
  const match = SERVICE.exec(url.pathname);
  if (req.method === 'GET' && match) return sendJson(res, 200, lookup(match[1]!));

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`registry listening on port ${port} (TTL ${TTL_MS} ms)`);
});
