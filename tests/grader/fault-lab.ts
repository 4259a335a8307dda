/**
 * A tiny two-service lab for the fault tests, run with the grader's own modules in this process:
 * real child processes, real HTTP, the real edge proxies. `caller` relays `/call?method=&path=`
 * to `callee` through CALLEE_URL and reports what it saw; `callee` counts what reaches it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import type { RunConfig } from '../../src/engine/run-tree.ts';
import { LabServices } from '../../src/grader/lab-services.ts';

const CALLEE = `import { createServer } from 'node:http';
const seen = [];
createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/seen') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(seen));
    }
    seen.push({ method: req.method, path: req.url, body });
    const payload = JSON.stringify({ path: req.url, n: seen.length, pad: 'x'.repeat(200) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(payload);
  });
}).listen(Number(process.env.PORT));
`;

// Reports what one call to the callee gave: status and body, or the error fetch threw.
const CALLER = `import { createServer } from 'node:http';
createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const started = performance.now();
  let out;
  try {
    const method = url.searchParams.get('method') ?? 'GET';
    const answer = await fetch(process.env.CALLEE_URL + url.searchParams.get('path'), {
      method,
      body: method === 'POST' ? '{"a":1}' : undefined,
      signal: AbortSignal.timeout(Number(url.searchParams.get('timeout') ?? 1000)),
    });
    const text = await answer.text();
    out = { status: answer.status, length: text.length, text };
  } catch (error) {
    out = { error: error.name === 'TimeoutError' ? 'timeout' : String(error.cause?.code ?? error.message) };
  }
  out.ms = Math.round(performance.now() - started);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(out));
}).listen(Number(process.env.PORT));
`;

export interface FaultLab {
  lab: LabServices;
  /** One call from caller to callee: what caller's fetch saw. */
  call(path: string, options?: { method?: string; timeout?: number }): Promise<{ status?: number; length?: number; text?: string; error?: string; ms: number }>;
  /** What reached the callee so far (asked directly, not through a proxy). */
  seen(): Promise<{ method: string; path: string; body: string }[]>;
  close(): Promise<void>;
}

export function getJson(port: number, path: string, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export async function startFaultLab(seed = 1, external: 'grader' | 'you' = 'grader'): Promise<FaultLab> {
  const root = mkdtempSync(join(tmpdir(), 'fault-lab-'));
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app', 'package.json'), '{"type":"module"}');
  writeFileSync(join(root, 'app', 'callee.js'), CALLEE);
  writeFileSync(join(root, 'app', 'caller.js'), CALLER);
  const config: RunConfig = {
    lab: 'fault-lab',
    locale: 'en',
    sandbox: false,
    limits: { startupMs: 5000, checkMs: 5000, totalMs: 60_000, heapMb: 64, memoryMb: 256, tmpMb: 16 },
    services: [
      { name: 'caller', dir: 'app', entry: 'caller.js', env: {} },
      { name: 'callee', dir: 'app', entry: 'callee.js', env: { SOME_MS: '50' } },
    ],
    checks: [],
    sourceNames: {},
  };
  const lab = await LabServices.create(config, root, { seed, external });
  await lab.start();
  for (const s of lab.services.values()) if (s.failure) throw new Error(s.failure);
  const port = (name: string) => lab.services.get(name)!.options.port;
  return {
    lab,
    call: (path, options = {}) =>
      getJson(port('caller'), `/call?path=${encodeURIComponent(path)}&method=${options.method ?? 'GET'}&timeout=${options.timeout ?? 1000}`),
    seen: () => getJson(port('callee'), '/seen'),
    close: async () => {
      await lab.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
