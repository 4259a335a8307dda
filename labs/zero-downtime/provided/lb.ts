import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The load balancer, provided by the lab: you do not edit it. It spreads requests over the two
 * instances of your api round robin, like a Kubernetes Service or an nginx upstream:
 *
 * - every READY_POLL_MS it asks each instance's GET /ready; only an instance whose last answer
 *   was 200 gets new requests. Any other answer takes it out at once; a probe that gets no answer
 *   (refused, reset, slower than 300 ms) takes it out after 3 in a row, like a Kubernetes
 *   readiness probe's failureThreshold;
 * - it does NOT retry: a request it forwarded that fails (connection refused or reset) is
 *   answered 502 to the client, so an instance that stops while it still gets traffic loses
 *   requests;
 * - with no ready instance it answers 503 {"error": "no ready instance"} with Retry-After: 1.
 *
 * Every answer it forwards carries `x-served-by: api-1` (or api-2). GET /lb/status answers
 * {"instances": [{"name": "api-1", "ready": true}, ...]}.
 */
const port = Number(process.env.PORT ?? 3000);
const POLL_MS = Number(process.env.READY_POLL_MS ?? 100);
const PROBE_TIMEOUT_MS = 300;
const FAILURE_THRESHOLD = 3;

interface Instance {
  name: string;
  url: URL;
  ready: boolean;
  probing: boolean;
  /** Probes in a row that got no answer. */
  misses: number;
}

const instances: Instance[] = ['api-1', 'api-2'].map((name) => ({
  name,
  url: new URL(process.env[`${name.toUpperCase().replace(/-/g, '_')}_URL`] ?? 'http://127.0.0.1:1'),
  ready: false,
  probing: false,
  misses: 0,
}));
let next = 0;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function probe(instance: Instance): Promise<void> {
  if (instance.probing) return;
  instance.probing = true;
  try {
    const res = await fetch(new URL('/ready', instance.url), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.arrayBuffer();
    instance.ready = res.status === 200;
    instance.misses = 0;
  } catch {
    instance.misses++;
    if (instance.misses >= FAILURE_THRESHOLD) instance.ready = false;
  } finally {
    instance.probing = false;
  }
}

setInterval(() => instances.forEach((i) => void probe(i)), POLL_MS);
instances.forEach((i) => void probe(i));

function pick(): Instance | undefined {
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[(next + i) % instances.length]!;
    if (instance.ready) {
      next = (next + i + 1) % instances.length;
      return instance;
    }
  }
  return undefined;
}

function forward(req: IncomingMessage, res: ServerResponse, instance: Instance): void {
  const upstream = request(
    {
      host: instance.url.hostname,
      port: instance.url.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: instance.url.host, connection: 'close' },
      agent: false,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': instance.name });
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) return void res.destroy();
    sendJson(res, 502, { error: `${instance.name} failed: ${error.message}` }, { 'x-served-by': instance.name });
  });
  req.pipe(upstream);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/lb/status') {
    return sendJson(res, 200, { instances: instances.map((i) => ({ name: i.name, ready: i.ready })) });
  }
  const instance = pick();
  if (!instance) return sendJson(res, 503, { error: 'no ready instance' }, { 'retry-after': '1' });
  forward(req, res, instance);
});

server.listen(port, () => {
  console.log(`lb listening on port ${port}, probing /ready every ${POLL_MS} ms`);
});
