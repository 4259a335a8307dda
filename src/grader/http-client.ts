import type { HttpClient, HttpResponse, RequestOptions } from '../engine/checks.ts';
import { CheckFailure } from './errors.ts';
import { httpRequest, RequestError, type RawResponse } from './http-request.ts';
import { words } from './messages.ts';

const DEFAULT_TIMEOUT_MS = 2_000;

function describe(status: number, text: string): string {
  if (text.length === 0) return `${status} ${words().emptyBody}`;
  const oneLine = text.replace(/\s*\n\s*/g, ' ').trim();
  return `${status} ${oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine}`;
}

/** Where a request goes: the service itself (`direct`: the client records the exchange) or an edge proxy (which records it). */
export interface Route {
  url: string;
  direct: boolean;
}

/** How the transport error codes read in the traffic record. */
export function trafficError(code: string): string {
  if (code === 'timeout' || code === 'aborted') return 'timeout';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  return code;
}

/**
 * An HTTP client aimed at one service, used by checks. `signal` aborts it when the check runs out
 * of time. `route` is asked before each request; direct exchanges are passed to `record`.
 */
export function httpClient(
  name: string,
  baseUrl: string,
  signal: AbortSignal,
  hooks: { route?: () => Route; record?: (entry: { method: string; path: string; status?: number; error?: string; startedAt: number; durationMs: number }) => void } = {},
): HttpClient {
  async function send(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      if (typeof options.body === 'string') body = options.body;
      else {
        body = JSON.stringify(options.body);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
          headers['content-type'] = 'application/json';
        }
      }
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = performance.now();
    const route = hooks.route?.() ?? { url: baseUrl, direct: true };
    const note = (status: number | undefined, error: string | undefined) => {
      if (route.direct) hooks.record?.({ method, path, status, error, startedAt: started, durationMs: performance.now() - started });
    };
    let raw: RawResponse;
    try {
      raw = await httpRequest(new URL(path, route.url).href, { method, headers, body, timeoutMs, signal });
      note(raw.status, undefined);
    } catch (error) {
      const code = error instanceof RequestError ? error.code : String(error);
      note(undefined, trafficError(code));
      if (signal.aborted) throw error;
      const request = `${method} ${path}`;
      const transport = { transport: true };
      if (code === 'timeout') throw new CheckFailure(words().noAnswer(request, name, timeoutMs), transport);
      if (code === 'ECONNRESET' || code === 'EPIPE') throw new CheckFailure(words().closed(request, name, code), transport);
      throw new CheckFailure(words().unreachable(request, name, code), transport);
    }
    const durationMs = performance.now() - started;
    const responseHeaders = raw.headers;
    const text = raw.text;
    let json: unknown;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      method,
      path,
      status: raw.status,
      headers: responseHeaders,
      text,
      json,
      durationMs,
      summary: describe(raw.status, text),
    };
  }

  return {
    url: baseUrl,
    request: send,
    get: (path, options) => send('GET', path, options),
    post: (path, body, options) => send('POST', path, { ...options, body }),
    put: (path, body, options) => send('PUT', path, { ...options, body }),
    delete: (path, options) => send('DELETE', path, options),
    async attempt(method, path, options) {
      try {
        return await send(method, path, options);
      } catch (error) {
        if (error instanceof CheckFailure) return undefined;
        throw error;
      }
    },
  };
}
