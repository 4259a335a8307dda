import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CompressionCache, compressible, MIN_BYTES, negotiate } from './compress.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** Headers every page needs for cross-origin isolation (WebContainer), same as the static hosts' header files. */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  // No other site may frame the course (clickjacking a learner into running code).
  'content-security-policy': "frame-ancestors 'self'",
} as const;

/** Resolves a URL path to a file in `root`, never outside it: `/a/` → `a/index.html`. */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return undefined;
  }
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  if (existsSync(file) && statSync(file).isFile()) return file;
  const index = join(file, 'index.html');
  if (existsSync(index)) return index;
  return undefined;
}

export interface ServeOptions {
  /** Rewrites every HTML page before it is sent (the lab token). */
  transformHtml?: (html: string) => string;
  /** Compressed bodies; one per server, since transformHtml differs between servers. */
  cache?: CompressionCache;
}

/**
 * Serves the built site from `root` with the isolation headers; unknown paths get the site's 404
 * page. Text-like files go out brotli- or gzip-compressed when the request accepts it, with
 * `Vary: Accept-Encoding` on every response whose body depends on that header.
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, options: ServeOptions = {}): Promise<void> {
  const url = req.url ?? '/';
  // `//evil.example/…` or `/\evil.example` would make the trailing-slash redirect below point off
  // the site (an open redirect): such paths are not the site's, they get the 404 page.
  const unsafe = /^[/\\]{2}|\\|%5c/i.test(url.split('?')[0]!) || /^\/%2f/i.test(url);
  const file = unsafe ? undefined : resolveStatic(root, url);
  if (file && !url.split('?')[0]!.endsWith('/') && file.endsWith(`${sep}index.html`) && !url.endsWith('index.html')) {
    res.writeHead(301, { location: `${url.split('?')[0]}/`, ...ISOLATION_HEADERS });
    res.end();
    return;
  }
  const target = file ?? resolveStatic(root, '/404.html');
  const status = file ? 200 : 404;
  if (!target) {
    res.writeHead(404, { 'content-type': 'text/plain', ...ISOLATION_HEADERS });
    res.end('not found');
    return;
  }
  const ext = extname(target);
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    ...ISOLATION_HEADERS,
  };
  const transform = options.transformHtml && ext === '.html' ? options.transformHtml : undefined;
  const stat = statSync(target);
  if (compressible(ext)) {
    headers.vary = 'Accept-Encoding';
    const coding = stat.size >= MIN_BYTES ? negotiate(req.headers['accept-encoding']) : undefined;
    if (coding) {
      const load = () => (transform ? Buffer.from(transform(readFileSync(target, 'utf8'))) : readFileSync(target));
      const cache = options.cache ?? (transform ? new CompressionCache(0) : defaultCache);
      const body = await cache.get(target, `${stat.mtimeMs}:${stat.size}:${transform ? 't' : ''}`, coding, load);
      res.writeHead(status, { ...headers, 'content-encoding': coding, 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
  }
  if (transform) {
    const body = Buffer.from(transform(readFileSync(target, 'utf8')));
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(status, { ...headers, 'content-length': String(stat.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(target).pipe(res);
}

/** For callers that serve untransformed files only (the cache key has no transform in it). */
const defaultCache = new CompressionCache();
