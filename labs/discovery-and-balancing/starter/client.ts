import { createServer, type ServerResponse } from 'node:http';

// The grader picks the port, and points REGISTRY_URL at a fault proxy in front of the registry.
const port = Number(process.env.PORT ?? 4100);
const registryUrl = process.env.REGISTRY_URL ?? 'http://127.0.0.1:4000';
/** How old the list of instances may get before it is asked for again. */
const REFRESH_MS = Number(process.env.REFRESH_MS ?? 50);
/** Time limit of one call to an echo instance. */
const CALL_TIMEOUT_MS = Number(process.env.CALL_TIMEOUT_MS ?? 1000);

interface Instance {
  id: string;
  url: string;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

/**
 * The echo instances the registry knows.
 * TODO: keep the list for at most REFRESH_MS instead of asking on every request, and give
 *       the call a time limit (a generous one: 1000 ms).
 */
async function instances(): Promise<Instance[]> {
  const response = await fetch(`${registryUrl}/services/echo`);
  return (await response.json()) as Instance[];
}

/** TODO: round robin over the live instances. This always takes the first one. */
function pick(list: Instance[]): Instance {
  return list[0]!;
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
      // TODO: a time limit (CALL_TIMEOUT_MS): a frozen instance never answers.
      const response = await fetch(`${instance.url}/echo${url.search}`);
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
  console.log(`client listening on port ${port} (refresh ${REFRESH_MS} ms, timeout ${CALL_TIMEOUT_MS} ms)`);
});
