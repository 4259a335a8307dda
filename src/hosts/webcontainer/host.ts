/**
 * The WebContainer host: lays out the run tree inside a WebContainer (StackBlitz's Node.js in the
 * browser) and runs the same grader there. What WebContainer does differently from a machine, and
 * what this host does about it:
 *
 * - a mount point must exist: each run's folder is made with fs.mkdir first;
 * - a process's output never closes: the host waits for `exit` (and a moment of quiet for the
 *   last chunks), then cancels its reader;
 * - output is a pseudo-terminal decoded chunk by chunk: the grader writes ASCII-only JSON lines;
 * - a process stuck in a hot loop cannot be killed (webcontainer-core #1121): Check has a
 *   watchdog (the lab's totalMs plus a margin); when the grader, or a service it reports as
 *   unkillable, will not die, the container is torn down and a fresh one booted for the next use.
 */
import type { Locale } from '../../engine/locale.ts';
import type { LabManifest } from '../../engine/manifest.ts';
import { buildRunTree, type FileTree } from '../../engine/run-tree.ts';
import { errorResults, parseResults, type Results } from '../../engine/results.ts';
import type { LabRuntime, RunEvent, RunningLab } from '../runtime.ts';
import { toMountTree, type ContainerLike } from './container.ts';
import { hostWords } from './messages.ts';
import { ServeClient } from './serve-client.ts';
import { exitWithin, readLines } from './terminal.ts';

export { toMountTree, type ContainerLike, type ContainerProcess, type MountTree } from './container.ts';

/** What the page knows about a lab (from /lab-data/<id>.json): enough to build a run tree. */
export interface LabBundle {
  manifest: LabManifest;
  provided: FileTree;
  checks: string;
  checkHelpers?: string;
  /** npm packages the checks import, `<package>/<path>` → text (see buildRunTree). */
  checkDependencies?: FileTree;
  grader: FileTree;
}

export interface HostTimes {
  /**
   * Check's watchdog is the lab's totalMs + checkMs (the grader lets the last check run out) plus
   * this margin (node's start, the grader's clean-up: it waits up to 2 s on each kill).
   */
  checkMarginMs: number;
  /** How long after `exit` the last output may still come. */
  drainMs: number;
  /** How long a killed process gets to exit before the container is replaced. */
  killWaitMs: number;
  /** How long Run's HTTP client and the Faults panel wait for the runner. */
  requestMs: number;
}

export const DEFAULT_TIMES: HostTimes = { checkMarginMs: 10_000, drainMs: 300, killWaitMs: 3_000, requestMs: 15_000 };

let runs = 0;

export class WebContainerRuntime implements LabRuntime {
  readonly kind = 'webcontainer' as const;
  private readonly boot: () => Promise<ContainerLike>;
  private readonly bundles: (labId: string) => Promise<LabBundle>;
  readonly times: HostTimes;
  private current: Promise<ContainerLike> | undefined;
  /** The container `current` resolved to. */
  private live: ContainerLike | undefined;
  /** What runs in the current container, told when it goes away (with the container's error, if any). */
  private readonly users = new Set<(error?: string) => void>();

  constructor(boot: () => Promise<ContainerLike>, bundles: (labId: string) => Promise<LabBundle>, times: Partial<HostTimes> = {}) {
    this.boot = boot;
    this.bundles = bundles;
    this.times = { ...DEFAULT_TIMES, ...times };
  }

  /** The running container, booting one when there is none (at first, or after a restart). */
  container(): Promise<ContainerLike> {
    if (!this.current) {
      const booting = this.boot().then((container) => {
        this.live = container;
        container.on('error', (error) => this.restart(container, error.message));
        return container;
      });
      booting.catch(() => {
        if (this.current === booting) this.current = undefined; // a failed boot is not kept
      });
      this.current = booting;
    }
    return this.current;
  }

  /** Tears the container down (every process in it dies with it); the next use boots a new one. */
  restart(container?: ContainerLike, error?: string): void {
    const current = this.current;
    if (!current || (container && container !== this.live)) return;
    this.live = undefined;
    this.current = undefined;
    for (const user of [...this.users]) user(error);
    void current.then(
      (c) => {
        if (container && c !== container) return;
        try {
          c.teardown();
        } catch {
          // already torn down ("WebContainer already torn down" in @webcontainer/api)
        }
      },
      () => undefined,
    );
  }

  /** Mounts a fresh run tree in its own folder (made first: mounting into a missing folder throws). */
  private async layout(container: ContainerLike, bundle: LabBundle, files: FileTree, locale: Locale): Promise<string> {
    const { tree } = buildRunTree({ manifest: bundle.manifest, files, provided: bundle.provided, checks: bundle.checks, checkHelpers: bundle.checkHelpers, checkDependencies: bundle.checkDependencies, grader: bundle.grader, locale, sandbox: false });
    const dir = `run-${++runs}`;
    await container.fs.mkdir(dir, { recursive: true });
    await container.mount(toMountTree(tree), { mountPoint: dir });
    return dir;
  }

  async grade(labId: string, files: FileTree, locale: Locale): Promise<Results> {
    const words = hostWords(locale);
    const bundle = await this.bundles(labId);
    const container = await this.container();
    const dir = await this.layout(container, bundle, files, locale);
    const process = await container.spawn('node', ['grader/main.js'], { cwd: dir });
    let results: string | undefined;
    let unkillable = false;
    let arrived: () => void = () => undefined;
    const resultsArrived = new Promise<void>((resolve) => (arrived = resolve));
    const tail: string[] = [];
    const reader = readLines(process.output, (line) => {
      const text = line.trim();
      if (text.startsWith('{"version":1')) {
        results = text;
        arrived();
      }
      else if (text.startsWith('{"type":"unkillable"')) unkillable = true;
      else if (text) tail.push(line);
    });
    const { totalMs, checkMs } = bundle.manifest.limits;
    const limitMs = totalMs + checkMs + this.times.checkMarginMs;
    let gone: (error?: string) => void = () => undefined;
    const lost = new Promise<{ error?: string }>((resolve) => (gone = (error) => resolve({ error })));
    this.users.add(gone);
    try {
      // The results are the last thing the grader prints; a grader that then does not exit (a child
      // it cannot kill keeps it?) must not hide them.
      const lingering = resultsArrived.then(async () => (await exitWithin(process, this.times.killWaitMs)) ?? ('lingering' as const));
      const code = await Promise.race([exitWithin(process, limitMs), lost, lingering]);
      if (typeof code === 'object') return errorResults(labId, code.error ? words.crashed(code.error) : words.restarted);
      if (code === 'lingering') {
        process.kill();
        unkillable = true; // the container is not trusted after that
        return parseResults(JSON.parse(results!));
      }
      if (code === undefined) {
        process.kill();
        this.restart(); // killed or not, something in it was stuck
        return errorResults(labId, words.checkTimedOut(Math.round(limitMs / 1000)));
      }
      // The last chunks may come after exit; the results document is the last line.
      if (!results) await reader.quiet(this.times.drainMs);
      if (results) return parseResults(JSON.parse(results));
      return errorResults(labId, words.noResults(code, tail.slice(-8).join('\n')));
    } finally {
      this.users.delete(gone);
      reader.cancel();
      if (unkillable || !this.current) this.restart();
      else await container.fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async run(labId: string, files: FileTree, onEvent: (event: RunEvent) => void): Promise<RunningLab> {
    const bundle = await this.bundles(labId);
    const container = await this.container();
    const dir = await this.layout(container, bundle, files, 'en');
    const process = await container.spawn('node', ['grader/main.js', '.', '--serve'], { cwd: dir });
    const { limits } = bundle.manifest;
    const client: ServeClient = new ServeClient(process, onEvent, this.times, {
      readyWithinMs: limits.startupMs * bundle.manifest.services.length + this.times.checkMarginMs,
      replaceContainer: () => this.restart(),
      finished: (replaced) => {
        this.users.delete(gone);
        if (!replaced) void container.fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      },
    });
    const gone = (error?: string) => client.containerGone(error);
    this.users.add(gone);
    return client.start();
  }
}
