import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Why a request got no answer: `timeout` (no answer in time), or the socket error code. */
export class RequestError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * One HTTP request on a fresh connection, with node:http (not fetch: undici compiles WebAssembly,
 * which costs the grader about 100 ms at exit on these machines). Rejects with a RequestError.
 */
export function httpRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number; signal?: AbortSignal; maxBytes?: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string | number> = { ...options.headers };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = body.length;
    const req = request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: options.method,
      headers,
      agent: false,
    });
    let settled = false;
    const fail = (error: RequestError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new RequestError('timeout', `no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const onAbort = () => fail(new RequestError('aborted', 'aborted'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => fail(new RequestError(error.code ?? 'error', error.message)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= (options.maxBytes ?? 4 * 1024 * 1024)) chunks.push(chunk);
      });
      res.on('error', (error: NodeJS.ErrnoException) => fail(new RequestError(error.code ?? 'ECONNRESET', error.message)));
      res.on('aborted', () => fail(new RequestError('ECONNRESET', 'the connection closed before the answer was complete')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        const out: Record<string, string> = {};
        for (const [key, value] of Object.entries(res.headers)) {
          if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body);
  });
}
