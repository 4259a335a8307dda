import { Agent, createServer, request, type ServerResponse } from 'node:http';

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
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 80);
const entry = `${registryUrl}/services/echo/instances/${instance}`;
// The address the client reaches this instance at: in the lab, the grader's proxy in front of it.
const me = { url: process.env.ADVERTISED_URL ?? `http://127.0.0.1:${port}` };
let served = 0;
let failing = false;
const agent = new Agent({ keepAlive: true });

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * One heartbeat: registers, or renews the registration. Never rejects. It uses node:http rather
 * than fetch: a beat every HEARTBEAT_MS from every instance costs a quarter of the CPU that way.
 */
function beat(): Promise<void> {
  return new Promise((resolve) => {
    const settle = (ok: boolean, status?: number) => {
      if (!ok && status && !failing) console.log(`${instance}: the registry answered ${status} to my heartbeat`);
      failing = !ok;
      resolve();
    };
    const body = JSON.stringify(me);
    const req = request(entry, { method: 'PUT', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: Math.max(heartbeatMs * 2, 100) }, (res) => {
      res.resume();
      res.once('end', () => settle(res.statusCode! >= 200 && res.statusCode! < 300, res.statusCode));
      res.once('error', () => settle(false));
    });
    // The registry is not up yet, or slow: try again on the next beat.
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => settle(false));
    req.end(body);
  });
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
