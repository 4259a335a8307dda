/**
 * Every fault in force in a run, on every service, and the partitions between services. The
 * edge proxies ask it what to do with each request; checks and the Faults panel change it.
 */
import type { ActiveFault, FaultScope, FaultSpec } from '../engine/checks.ts';
import { describeFault, inScope, validateFault, validateScope, type RequestFacts } from './fault-scope.ts';
import { streamFor, type Random } from './random.ts';

interface Entry {
  active: ActiveFault;
  random: Random;
}

/** What the proxy applies to one request: at most one delay and one other fault. */
export interface Decision {
  latencyMs: number;
  /** The non-latency fault, if any. */
  fault?: FaultSpec;
  /** Names of what was applied, for the traffic record (`latency 300ms, status 500`). */
  names: string[];
  partition: boolean;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export class FaultBook {
  private entries: Entry[] = [];
  private readonly partitions = new Set<string>();
  private nextId = 1;
  readonly seed: number;
  /** Called after every change (serve mode sends a `state` event). */
  onChange: (() => void) | undefined;

  /** Who may appear in `from` (the services and the external caller); any name when absent. */
  private readonly known: ReadonlySet<string> | undefined;

  constructor(seed: number, known?: readonly string[]) {
    this.seed = seed;
    this.known = known && new Set(known);
  }

  add(service: string, fault: FaultSpec, scope: FaultScope = {}): ActiveFault {
    const clean = validateScope(scope);
    if (this.known && !this.known.has(service)) throw new Error(`no service named "${service}"`);
    if (this.known && clean.from !== undefined && !this.known.has(clean.from)) {
      throw new Error(`fault scope: from must be one of ${[...this.known].map((n) => `"${n}"`).join(', ')}, got "${clean.from}"`);
    }
    const spec = validateFault(fault);
    const id = this.nextId++;
    const active: ActiveFault = { id, service, fault: spec, scope: clean, hits: 0 };
    this.entries.push({ active, random: streamFor(this.seed, `fault:${id}`) });
    this.onChange?.();
    return active;
  }

  remove(fault: ActiveFault | number): void {
    const id = typeof fault === 'number' ? fault : fault.id;
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.active.id !== id);
    if (this.entries.length !== before) this.onChange?.();
  }

  clear(service?: string): void {
    const before = this.entries.length;
    this.entries = service === undefined ? [] : this.entries.filter((e) => e.active.service !== service);
    if (this.entries.length !== before) this.onChange?.();
  }

  active(service?: string): ActiveFault[] {
    return this.entries.filter((e) => service === undefined || e.active.service === service).map((e) => e.active);
  }

  partition(a: string, b: string): void {
    for (const name of [a, b]) if (this.known && !this.known.has(name)) throw new Error(`network.partition: no service named "${name}"`);
    if (a === b) throw new Error(`network.partition: "${a}" cannot be cut off from itself`);
    this.partitions.add(pairKey(a, b));
    this.onChange?.();
  }

  heal(): void {
    if (this.partitions.size === 0) return;
    this.partitions.clear();
    this.onChange?.();
  }

  partitioned(a: string, b: string): boolean {
    return this.partitions.has(pairKey(a, b));
  }

  /** Every fault and partition gone: before every check. */
  reset(): void {
    const changed = this.entries.length > 0 || this.partitions.size > 0;
    this.entries = [];
    this.partitions.clear();
    if (changed) this.onChange?.();
  }

  /** True when a fault on `to` is scoped to requests from `from` (the checks' own requests then go through a proxy). */
  targets(from: string, to: string): boolean {
    return this.entries.some((e) => e.active.service === to && e.active.scope.from === from);
  }

  /**
   * Decides the faults for one request on the edge `from → to`. A fault with no `from` applies to
   * the service's peers only: the checks' and the learner's own requests (`grader`, `you`) are
   * faulted only by a fault scoped to them. Faults apply in the order they were added: the first
   * matching delay and the first matching other fault. `times` counts applications; a spent fault
   * leaves the book. A probability is drawn from the fault's own seeded stream, one draw per matching request.
   */
  decide(req: RequestFacts, external: boolean): Decision {
    const decision: Decision = { latencyMs: 0, names: [], partition: this.partitioned(req.from, req.to) };
    if (decision.partition) {
      decision.names.push(`partition ${req.from}|${req.to}`);
      return decision;
    }
    let delayed = false;
    let spent = false;
    for (const entry of this.entries) {
      const { active, random } = entry;
      if (active.service !== req.to) continue;
      if (external ? active.scope.from !== req.from : !inScope({ from: active.scope.from }, req)) continue;
      if (!inScope({ method: active.scope.method, path: active.scope.path }, req)) continue;
      const isDelay = active.fault.kind === 'latency';
      if (isDelay ? delayed : decision.fault) continue;
      const draw = random();
      if (active.scope.probability !== undefined && draw >= active.scope.probability) continue;
      active.hits++;
      if (active.scope.times !== undefined && active.hits >= active.scope.times) spent = true;
      decision.names.push(describeFault(active.fault));
      if (active.fault.kind === 'latency') {
        delayed = true;
        const jitter = active.fault.jitterMs ?? 0;
        decision.latencyMs = Math.max(0, Math.round(active.fault.ms + (jitter ? (random() * 2 - 1) * jitter : 0)));
      } else {
        decision.fault = active.fault;
      }
    }
    if (spent) {
      this.entries = this.entries.filter((e) => e.active.scope.times === undefined || e.active.hits < e.active.scope.times);
      this.onChange?.();
    }
    return decision;
  }
}
