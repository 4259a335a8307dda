import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { hostAllowed } from './guard.ts';
import { createLabApi } from './lab-api.ts';
import { CompressionCache } from './compress.ts';
import { serveStatic } from './static-files.ts';

export interface SiteServerOptions {
  /** The built site (dist/). */
  root: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Serve the local lab host under /__lab/ (default true). */
  labs?: boolean;
}

/**
 * The server behind `npm start`: the static course plus the local lab host. It listens on
 * loopback only, answers only to loopback Host names, and makes a fresh per-run token that only the
 * printed address carries (`courseUrl`); the lab API refuses any request without it or from another origin.
 */
export async function startSiteServer(options: SiteServerOptions): Promise<{ server: Server; url: string; courseUrl: string; token: string; close(): Promise<void> }> {
  const token = randomBytes(24).toString('base64url');
  let port = options.port;
  const api = options.labs === false ? undefined : createLabApi({ port: () => port, token });
  // Marks pages as served by the local lab server. It carries no secret: the key reaches the page
  // only through the address `npm start` prints (`#t=…`), which a plain GET cannot read.
  const meta = `<meta name="lab-server" content="local">`;
  const cache = new CompressionCache();
  const transformHtml = api ? (html: string) => html.replace(/<head>/i, `<head>${meta}`) : undefined;
  const server = createServer((req, res) => {
    if (!hostAllowed(req, port)) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('This server answers only on 127.0.0.1 or localhost.');
      return;
    }
    void (async () => {
      if (api && (await api.handle(req, res))) return;
      await serveStatic(options.root, req, res, { transformHtml, cache });
    })().catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = address && typeof address === 'object' ? address.port : options.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    courseUrl: `http://127.0.0.1:${port}/#t=${token}`,
    token,
    async close() {
      await api?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
