import { createServer, type ServerResponse } from 'node:http';

/**
 * The echo service, provided by the lab: you do not edit it. The lab runs three instances of it
 * (echo-1, echo-2, echo-3), each with its own INSTANCE_ID and port. Each one registers itself with
 * the registry when it is listening, and renews its entry every HEARTBEAT_MS (self-registration,
 * the same protocol as the chapter's registry):
 *
 *   PUT REGISTRY_URL/services/echo/instances/echo-1   {"url": "http://127.0.0.1:<port>"}
 *
 * Its own routes:
 *   GET /echo?msg=hi   200 {"instance": "echo-1", "msg": "hi"}
 *   GET /stats         200 {"instance": "echo-1", "served": 12}   (GET /echo requests served so far)
 */
const port = Number(process.env.PORT ?? 4001);
const instance = process.env.INSTANCE_ID ?? `echo-${port}`;
const registryUrl = process.env.REGISTRY_URL ?? 'http://127.0.0.1:4000';
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 100);
const entry = `${registryUrl}/services/echo/instances/${instance}`;
const me = { url: `http://127.0.0.1:${port}` };
let served = 0;
let failing = false;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** One heartbeat: registers, or renews the registration. Never throws. */
async function beat(): Promise<void> {
  try {
    const response = await fetch(entry, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(me),
      signal: AbortSignal.timeout(Math.max(heartbeatMs * 2, 100)),
    });
    await response.arrayBuffer();
    if (!response.ok && !failing) console.log(`${instance}: the registry answered ${response.status} to my heartbeat`);
    failing = !response.ok;
  } catch {
    // The registry is not up yet, or slow: try again on the next beat.
    failing = true;
  }
}

function loop(): void {
  void beat().finally(() => setTimeout(loop, heartbeatMs));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok', instance });
  if (req.method === 'GET' && url.pathname === '/echo') {
    served++;
    return sendJson(res, 200, { instance, msg: url.searchParams.get('msg') ?? '' });
  }
  if (req.method === 'GET' && url.pathname === '/stats') return sendJson(res, 200, { instance, served });
  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
});

server.listen(port, () => {
  console.log(`${instance} listening on port ${port}`);
  // This instance stands for a healthy service: once it listens, an unexpected error is logged, not fatal.
  process.on('uncaughtException', (error) => console.error(`${instance}: unexpected error (going on): ${error.stack ?? error}`));
  loop();
});
