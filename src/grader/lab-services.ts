import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunConfig } from '../engine/run-tree.ts';
import { freePorts } from './ports.ts';
import { FaultProxy } from './proxy.ts';
import { ServiceProcess } from './service-process.ts';

const envName = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_URL`;

/**
 * The lab's services, each on a free port behind its own fault proxy. A service reaches each
 * peer through `<PEER>_URL`, which points at the peer's proxy.
 */
export class LabServices {
  readonly services = new Map<string, ServiceProcess>();
  readonly proxies = new Map<string, FaultProxy>();
  readonly config: RunConfig;
  readonly root: string;

  private constructor(config: RunConfig, root: string, ports: number[]) {
    this.config = config;
    this.root = root;
    const peerEnv: Record<string, string> = {};
    config.services.forEach((spec, i) => {
      const proxy = new FaultProxy(ports[2 * i + 1]!, ports[2 * i]!);
      this.proxies.set(spec.name, proxy);
      peerEnv[envName(spec.name)] = proxy.url;
    });
    config.services.forEach((spec, i) => {
      const env = { ...peerEnv, ...spec.env };
      delete env[envName(spec.name)];
      this.services.set(
        spec.name,
        new ServiceProcess({
          name: spec.name,
          root,
          dir: spec.dir,
          entry: spec.entry,
          port: ports[2 * i]!,
          env,
          sandbox: config.sandbox,
          heapMb: config.limits.heapMb,
          memoryMb: config.limits.memoryMb ?? 256,
          startupMs: config.limits.startupMs,
        }),
      );
    });
  }

  static async create(config: RunConfig, root: string): Promise<LabServices> {
    return new LabServices(config, root, await freePorts(config.services.length * 2));
  }

  /** The service checks talk to by default: the first one the learner writes. */
  get defaultService(): string {
    return this.config.services.find((s) => s.dir === 'app')?.name ?? this.config.services[0]!.name;
  }

  async start(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.start()));
    await Promise.all([...this.services.values()].map((s) => s.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.kill()));
    await Promise.all([...this.proxies.values()].map((p) => p.stop()));
  }

  /** Rewrites compiled paths back to the learner's file names: `/tmp/x/app/server.js:3` → `server.ts:3`. */
  learnerPaths(text: string): string {
    let out = text;
    for (const [compiled, source] of Object.entries(this.config.sourceNames)) {
      const absolute = join(this.root, compiled);
      out = out.split(pathToFileURL(absolute).href).join(source).split(absolute).join(source);
    }
    return out;
  }

  /** The last lines each of the learner's services printed. */
  logTail(lines = 20): string {
    return this.learnerPaths(
      [...this.services.values()]
        .filter((s) => s.options.dir === 'app')
        .map((s) => `--- ${s.options.name} ---\n${s.logs.tail(lines)}`)
        .join('\n'),
    );
  }
}
