import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

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

/** Serves the built site from `root` with the isolation headers; unknown paths get the site's 404 page. */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, transformHtml?: (html: string) => string): void {
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
  res.writeHead(status, {
    'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    ...ISOLATION_HEADERS,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (transformHtml && target.endsWith('.html')) {
    res.end(transformHtml(readFileSync(target, 'utf8')));
    return;
  }
  createReadStream(target).pipe(res);
}
