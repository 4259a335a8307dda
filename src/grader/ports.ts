import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/**
 * The first port the OS hands out for outgoing connections (Linux: ip_local_port_range). Ports are
 * picked below it: a port from the ephemeral range, freed while a service restarts, can be taken
 * by any process's next outgoing connection, and the restarted service then fails with EADDRINUSE.
 */
function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && low > 12_000) return low;
  } catch {
    // No /proc (macOS, WebContainer): the IANA dynamic range starts at 49152; Linux's default at 32768.
  }
  return 32_768;
}

const LOW = 20_000;

/**
 * Every port this process has handed out. A port is free only between its pick and its bind, so
 * two lanes picking at the same time (each lab copy needs ~30) would otherwise share one now and
 * then, and a service would die of EADDRINUSE.
 */
const handedOut = new Set<number>();

/** Listens on `port` on every address, as a service does (`listen(PORT)`); undefined when it is taken. */
function hold(port: number, host = '::'): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (host === '::' && (error.code === 'EAFNOSUPPORT' || error.code === 'EADDRNOTAVAIL')) resolve(hold(port, '0.0.0.0'));
      else resolve(undefined);
    });
    server.listen({ port, host }, () => resolve(server));
  });
}

/** `count` distinct free ports, outside the ephemeral range when there is room below it. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const high = ephemeralStart() - 1;
  try {
    const ports: number[] = [];
    for (let attempt = 0; ports.length < count && attempt < 500 && high > LOW; attempt++) {
      const port = LOW + Math.floor(Math.random() * (high - LOW));
      if (handedOut.has(port)) continue;
      handedOut.add(port); // before the await: a concurrent pick must not take it meanwhile
      const server = await hold(port);
      if (!server) continue;
      servers.push(server);
      ports.push(port);
    }
    while (ports.length < count) {
      const server = await hold(0);
      if (!server) throw new Error('no free port on loopback');
      servers.push(server);
      const address = server.address();
      if (address && typeof address === 'object' && !handedOut.has(address.port)) {
        handedOut.add(address.port);
        ports.push(address.port);
      }
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
