import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The grader picks the port. TTL_MS comes from lab.json, so the checks can use short real times.
const port = Number(process.env.PORT ?? 4000);
/** An instance not heard from (registration or heartbeat) for TTL_MS is gone. */
const TTL_MS = Number(process.env.TTL_MS ?? 200);

interface Instance {
  id: string;
  url: string;
  // TODO: remember when you last heard from the instance.
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

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  // POST /register {"service", "id", "url"}: adds (or replaces) an instance; counts as a heartbeat.
  if (req.method === 'POST' && url.pathname === '/register') {
    // TODO: a body that is not a JSON object with a service, an id and an http:// url: 400.
    const body = JSON.parse(await readBody(req));
    let instances = services.get(body.service);
    if (!instances) services.set(body.service, (instances = new Map()));
    instances.set(body.id, { id: body.id, url: body.url });
    return sendJson(res, 201, { service: body.service, id: body.id, url: body.url, ttlMs: TTL_MS });
  }

  // POST /heartbeat {"service", "id"}: keeps a registered instance alive.
  if (req.method === 'POST' && url.pathname === '/heartbeat') {
    const body = JSON.parse(await readBody(req));
    // TODO: validate the body (400), answer 404 for an instance you do not have (any more),
    //       and remember that you just heard from it.
    return sendJson(res, 200, { service: body.service, id: body.id, ttlMs: TTL_MS });
  }

  // GET /services/<service>: the instances.
  const match = /^\/services\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const service = decodeURIComponent(match[1]!);
    // TODO: only the live ones: forget an instance not heard from for more than TTL_MS.
    const instances = [...(services.get(service)?.values() ?? [])];
    return sendJson(res, 200, { service, instances: instances.map(({ id, url }) => ({ id, url })) });
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`registry listening on port ${port} (TTL ${TTL_MS} ms)`);
});
