import { createServer, type Server } from 'node:http';
import { serveStatic } from './static-files.ts';

export interface SiteServerOptions {
  /** The built site (dist/). */
  root: string;
  port: number;
  /** Loopback only: the lab API runs learner code on this machine. */
  host?: string;
}

/**
 * The server behind `npm start`: the static course plus (see lab-api.ts) the local lab host.
 * It listens on loopback only.
 */
export async function startSiteServer(options: SiteServerOptions): Promise<{ server: Server; url: string }> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    serveStatic(options.root, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return { server, url: `http://${host}:${port}` };
}
