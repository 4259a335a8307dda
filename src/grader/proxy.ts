import { createServer, request as httpRequest, Agent, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FaultControl, RecordedRequest } from '../engine/checks.ts';

interface FaultState {
  latencyMs: number;
  failStatus: number;
  failTimes: number;
  resetTimes: number;
}

const NONE: FaultState = { latencyMs: 0, failStatus: 0, failTimes: 0, resetTimes: 0 };

/**
 * Sits between a service and its peers (`<NAME>_URL` points here) and forwards requests,
 * unless a check told it to add latency, answer with an error or reset the connection.
 * When the service is down, the connection is reset, as a dead host would do.
 */
export class FaultProxy implements FaultControl {
  private server: Server | undefined;
  private state: FaultState = { ...NONE };
  private recorded: RecordedRequest[] = [];
  private readonly agent = new Agent({ keepAlive: false });

  readonly port: number;
  private readonly targetPort: number;

  constructor(port: number, targetPort: number) {
    this.port = port;
    this.targetPort = targetPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    this.agent.destroy();
  }

  latency(ms: number): void {
    this.state.latencyMs = Math.max(0, ms);
  }
  fail(status: number, times = Infinity): void {
    this.state.failStatus = status;
    this.state.failTimes = times;
  }
  reset(times = Infinity): void {
    this.state.resetTimes = times;
  }
  clear(): void {
    this.state = { ...NONE };
  }
  /** Clears faults and forgets recorded requests: done before every check. */
  renew(): void {
    this.clear();
    this.recorded = [];
  }
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }
  get count(): number {
    return this.recorded.length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.recorded.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers, at: Date.now() });
    const state = this.state;
    if (state.resetTimes > 0) {
      state.resetTimes--;
      req.socket.destroy();
      return;
    }
    if (state.failTimes > 0) {
      state.failTimes--;
      req.resume();
      const body = JSON.stringify({ error: `fault injected by the grader: ${state.failStatus}` });
      res.writeHead(state.failStatus, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (state.latencyMs > 0) {
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), state.latencyMs);
        res.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (closed) return;
    }
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: this.targetPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, connection: 'close' },
        agent: this.agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    res.once('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}
