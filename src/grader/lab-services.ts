import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GRADER_CALLER, LEARNER_CALLER } from '../engine/checks.ts';
import type { RunConfig } from '../engine/run-tree.ts';
import type { ServiceState } from '../hosts/runtime.ts';
import { EdgeProxy } from './edge-proxy.ts';
import { FaultBook } from './fault-book.ts';
import { freePorts } from './ports.ts';
import { ServiceFaults } from './proxy.ts';
import { ServiceProcess } from './service-process.ts';
import { serviceTmpDir } from './tmp-dirs.ts';
import { TrafficLog } from './traffic.ts';

export const envName = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_URL`;

/**
 * The lab's services, each on a free port. Every (caller, callee) pair has its own proxy listener:
 * service A's `<B>_URL` points at the A→B edge, so faults can be scoped by sender and the traffic
 * record names both ends. `external` (`grader` when grading, `you` in serve mode) has an edge
 * to every service too, used only while a fault or partition targets it; otherwise its requests
 * go straight to the service and are recorded by the caller.
 */
export class LabServices {
  readonly services = new Map<string, ServiceProcess>();
  /** Fault controls per service. */
  readonly faults = new Map<string, ServiceFaults>();
  /** `from→to` → edge. */
  readonly edges = new Map<string, EdgeProxy>();
  readonly book: FaultBook;
  readonly traffic = new TrafficLog();
  readonly config: RunConfig;
  readonly root: string;
  readonly external: string;

  /** `lane`: which copy of the lab this is (RunConfig.lanes); it picks the services' tmp folders. */
  private constructor(config: RunConfig, root: string, ports: number[], seed: number, external: string, lane: number) {
    this.config = config;
    this.root = root;
    this.external = external;
    const names = config.services.map((s) => s.name);
    this.book = new FaultBook(seed, [...names, external]);
    let next = names.length;
    const servicePort = new Map(names.map((name, i) => [name, ports[i]!]));
    for (const name of names) this.faults.set(name, new ServiceFaults(name, this.book));
    for (const from of [...names, external]) {
      for (const to of names) {
        if (from === to) continue;
        const faults = this.faults.get(to)!;
        this.edges.set(
          `${from}→${to}`,
          new EdgeProxy({
            from,
            to,
            port: ports[next++]!,
            targetPort: servicePort.get(to)!,
            external: from === external,
            book: this.book,
            traffic: this.traffic,
            onRequest: (request) => faults.record(request),
          }),
        );
      }
    }
    for (const spec of config.services) {
      const env: Record<string, string> = {};
      for (const peer of names) if (peer !== spec.name) env[envName(peer)] = this.edge(spec.name, peer).url;
      Object.assign(env, spec.env);
      delete env[envName(spec.name)];
      if (spec.advertiseTo) env.ADVERTISED_URL = this.edge(spec.advertiseTo, spec.name).url;
      this.services.set(
        spec.name,
        new ServiceProcess({
          name: spec.name,
          root,
          dir: spec.dir,
          entry: spec.entry,
          tmpDir: serviceTmpDir(spec.name, lane),
          port: servicePort.get(spec.name)!,
          env,
          sandbox: config.sandbox,
          heapMb: config.limits.heapMb,
          memoryMb: config.limits.memoryMb ?? 256,
          startupMs: config.limits.startupMs,
        }),
      );
    }
  }

  static async create(config: RunConfig, root: string, options: { seed: number; external: typeof GRADER_CALLER | typeof LEARNER_CALLER; lane?: number }): Promise<LabServices> {
    const n = config.services.length;
    return new LabServices(config, root, await freePorts(n + n * n), options.seed, options.external, options.lane ?? 0);
  }

  edge(from: string, to: string): EdgeProxy {
    const edge = this.edges.get(`${from}→${to}`);
    if (!edge) throw new Error(`no edge from "${from}" to "${to}"`);
    return edge;
  }

  /** The service checks talk to by default: the first one the learner writes. */
  get defaultService(): string {
    return this.config.services.find((s) => s.dir === 'app')?.name ?? this.config.services[0]!.name;
  }

  /**
   * Where the external caller's request to `to` goes: through its edge proxy while a fault or a
   * partition targets it (the proxy then records it), else straight to the service (`direct`).
   */
  route(to: string): { url: string; direct: boolean } {
    const service = this.services.get(to);
    if (!service) throw new Error(`no service named "${to}"`);
    if (this.book.targets(this.external, to) || this.book.partitioned(this.external, to)) return { url: this.edge(this.external, to).url, direct: false };
    return { url: `http://127.0.0.1:${service.options.port}`, direct: true };
  }

  /** A clean network before every check: no fault, no partition, nothing recorded. */
  renew(): void {
    this.book.reset();
    for (const faults of this.faults.values()) faults.renew();
    this.traffic.restart();
  }

  states(): { name: string; state: ServiceState }[] {
    return [...this.services].map(([name, s]) => ({ name, state: s.paused ? 'paused' : s.running ? 'running' : 'stopped' }));
  }

  async start(): Promise<void> {
    await Promise.all([...this.edges.values()].map((p) => p.start()));
    await Promise.all([...this.services.values()].map((s) => s.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.kill()));
    await Promise.all([...this.edges.values()].map((p) => p.stop()));
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
