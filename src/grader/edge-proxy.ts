/**
 * One listener per (caller, callee) pair: service A's `<B>_URL` points at the A→B edge, so the
 * proxy knows who sends each request. It records the exchange in the traffic log and applies what
 * the fault book decides. When B is down, the caller's connection is reset, as a dead host does.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FaultSpec, RecordedRequest, TrafficEntry } from '../engine/checks.ts';
import type { TrafficDetail } from '../hosts/runtime.ts';
import type { FaultBook } from './fault-book.ts';
import { cut, type TrafficLog } from './traffic.ts';

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function flat(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface EdgeOptions {
  from: string;
  to: string;
  port: number;
  targetPort: number;
  /** True for the checks' (`grader`) and the learner's (`you`) edges: only faults scoped to them apply. */
  external: boolean;
  book: FaultBook;
  traffic: TrafficLog;
  onRequest: (request: RecordedRequest) => void;
}

export class EdgeProxy {
  private server: Server | undefined;
  readonly options: EdgeOptions;

  constructor(options: EdgeOptions) {
    this.options = options;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res).catch(() => req.socket.destroy()));
    server.keepAliveTimeout = 1_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { from, to, book, traffic } = this.options;
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const startMs = traffic.now();
    const generation = traffic.generation;
    const t0 = performance.now();
    const requestHeaders = flat(req.headers);
    this.options.onRequest({ method, path, headers: requestHeaders, at: Date.now(), from });
    let callerGone = false;
    res.once('close', () => {
      if (!res.writableFinished) callerGone = true;
    });
    const body = await readBody(req);
    const decision = book.decide({ method, path, from, to }, this.options.external);
    const entry: TrafficEntry = { from, to, method, path, startMs: Math.round(startMs), durationMs: 0 };
    if (decision.names.length) entry.fault = decision.names.join(', ');
    traffic.begin(entry);
    const detail: TrafficDetail = { requestHeaders, requestBody: cut(body?.toString('utf8')) };
    const done = (patch: Partial<TrafficEntry>, upstream?: Upstream) => {
      if (upstream) {
        detail.responseHeaders = flat(upstream.headers);
        detail.responseBody = cut(upstream.body.toString('utf8'));
      }
      traffic.end(entry);
      traffic.add({ ...entry, ...patch, durationMs: performance.now() - t0 }, detail, generation);
    };
    const waitForCaller = () => new Promise<void>((resolve) => (callerGone || res.destroyed ? resolve() : res.once('close', () => resolve())));

    if (body === undefined) {
      res.writeHead(413, { 'content-length': '0' }).end();
      return done({ status: 413, error: 'request too large' });
    }
    if (decision.partition) {
      req.socket.destroy();
      return done({ error: 'partition' });
    }
    if (decision.latencyMs > 0) {
      await Promise.race([sleep(decision.latencyMs), waitForCaller()]);
      if (callerGone) return done({ error: 'timeout' });
    }
    const fault: FaultSpec | undefined = decision.fault;
    if (fault?.kind === 'status') {
      const text = fault.body ?? JSON.stringify({ error: `fault injected by the grader: ${fault.status}` });
      const type = fault.body === undefined || /^\s*[[{]/.test(fault.body) ? 'application/json' : 'text/plain; charset=utf-8';
      res.writeHead(fault.status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return done({ status: fault.status }, { status: fault.status, headers: { 'content-type': type }, body: Buffer.from(text) });
    }
    if (fault?.kind === 'blackhole') {
      await waitForCaller();
      return done({ error: 'timeout' });
    }
    if (fault?.kind === 'reset' && fault.when === 'before') {
      req.socket.destroy();
      return done({ error: 'reset' });
    }

    const forwarded = this.forward(method, path, req.headers, body, res);
    const copies = fault?.kind === 'duplicate' ? (fault.copies ?? 1) : 0;
    const answer = await forwarded;
    // The extra copies reach the service after the first was handled, and before the caller hears back.
    for (let i = 0; i < copies && !(answer instanceof Error); i++) await this.forward(method, path, req.headers, body, res).catch(() => undefined);
    if (answer instanceof Error) {
      req.socket.destroy();
      return done({ error: callerGone ? 'timeout' : (answer as Error & { code?: string }).code === 'ECONNREFUSED' ? 'refused' : 'reset' });
    }
    if (callerGone) return done({ error: 'timeout' }, answer);
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(key)) headers[key] = value;
    // The body is whole here: say its length (a HEAD answer keeps the length of the GET it stands for;
    // 1xx, 204 and 304 carry none, RFC 9110 8.6).
    if (method !== 'HEAD' && answer.status !== 204 && answer.status !== 304 && answer.status >= 200) headers['content-length'] = String(answer.body.length);

    if (fault?.kind === 'reset') {
      if (fault.when === 'after-request') {
        req.socket.destroy();
        return done({ error: 'reset' }, answer);
      }
      res.writeHead(answer.status, headers);
      res.flushHeaders();
      await sleep(5);
      req.socket.destroy();
      return done({ status: answer.status, error: 'reset' }, answer);
    }
    res.writeHead(answer.status, headers);
    if (fault?.kind === 'truncate') {
      const part = answer.body.subarray(0, Math.min(fault.bytes, Math.max(0, answer.body.length - 1)));
      if (part.length) await new Promise((resolve) => res.write(part, resolve));
      else res.flushHeaders();
      await sleep(5);
      req.socket.destroy();
      return done({ status: answer.status, error: 'truncated' }, answer);
    }
    if (fault?.kind === 'slow-body') {
      for (let at = 0; at < answer.body.length && !callerGone; at += fault.bytesPerChunk) {
        if (at > 0) await sleep(fault.delayMs);
        res.write(answer.body.subarray(at, at + fault.bytesPerChunk));
      }
      if (callerGone) return done({ status: answer.status, error: 'timeout' }, answer);
      res.end();
      return done({ status: answer.status }, answer);
    }
    res.end(answer.body);
    return done({ status: answer.status }, answer);
  }

  /** One request to the service, read to the end; an Error when it did not answer. */
  private forward(method: string, path: string, incoming: IncomingHttpHeaders, body: Buffer, res: ServerResponse): Promise<Upstream | Error> {
    return new Promise((resolve) => {
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(incoming)) if (value !== undefined && !HOP_BY_HOP.has(key)) headers[key] = value;
      headers.connection = 'close';
      if (body.length > 0 || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method)) headers['content-length'] = String(body.length);
      const upstream = httpRequest({ host: '127.0.0.1', port: this.options.targetPort, method, path, headers, agent: false }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) }));
        answer.on('error', (e) => resolve(e));
        answer.on('aborted', () => resolve(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      });
      upstream.on('error', (e) => resolve(e));
      // A caller that gives up frees the upstream request too (a paused service keeps it forever otherwise).
      res.once('close', () => {
        if (!res.writableFinished) upstream.destroy(Object.assign(new Error('caller gone'), { code: 'ECONNRESET' }));
      });
      upstream.end(body);
    });
  }
}

/** The whole request body, or undefined past the size limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}
