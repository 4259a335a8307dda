/**
 * The WebContainer host: lays out the run tree inside a WebContainer (StackBlitz's Node.js in the
 * browser) and runs the same grader there. Only the parts of @webcontainer/api it uses are typed
 * here, so tests drive it with a test double of that interface.
 */
import type { Locale } from '../../engine/locale.ts';
import type { LabManifest } from '../../engine/manifest.ts';
import { buildRunTree, type FileTree } from '../../engine/run-tree.ts';
import { errorResults, parseResults, type Results } from '../../engine/results.ts';
import { controlLine, parseServeLine, type ControlAction, type ControlResult, type HttpExchange, type LabRuntime, type RequestSpec, type RunEvent, type RunningLab, type ServiceInfo } from '../runtime.ts';

export interface ContainerProcess {
  output: ReadableStream<string>;
  input: WritableStream<string>;
  exit: Promise<number>;
  kill(): void;
}

/** The subset of WebContainer's API this host needs. */
export interface ContainerLike {
  mount(tree: MountTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; output?: boolean }): Promise<ContainerProcess>;
  fs: { rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> };
}

export type MountTree = { [name: string]: { file: { contents: string } } | { directory: MountTree } };

/** What the page knows about a lab (from /lab-data/<id>.json): enough to build a run tree. */
export interface LabBundle {
  manifest: LabManifest;
  provided: FileTree;
  checks: string;
  checkHelpers?: string;
  grader: FileTree;
}

/** `{ 'a/b.js': '…' }` → WebContainer's nested FileSystemTree. */
export function toMountTree(files: FileTree): MountTree {
  const root: MountTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = (dir[part] ??= { directory: {} });
      if (!('directory' in next)) throw new Error(`${path}: ${part} is both a file and a folder`);
      dir = next.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  }
  return root;
}

/** Splits a stream of terminal output into lines. */
async function* lines(stream: ReadableStream<string>): AsyncGenerator<string> {
  const reader = stream.getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      yield buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
    }
  }
  if (buffer) yield buffer;
}

let runs = 0;

export class WebContainerRuntime implements LabRuntime {
  readonly kind = 'webcontainer' as const;
  private readonly container: ContainerLike;
  private readonly bundles: (labId: string) => Promise<LabBundle>;

  constructor(container: ContainerLike, bundles: (labId: string) => Promise<LabBundle>) {
    this.container = container;
    this.bundles = bundles;
  }

  /** Mounts a fresh run tree in its own folder; returns the folder. */
  private async layout(labId: string, files: FileTree, locale: Locale = 'en'): Promise<string> {
    const bundle = await this.bundles(labId);
    const { tree } = buildRunTree({ manifest: bundle.manifest, files, provided: bundle.provided, checks: bundle.checks, checkHelpers: bundle.checkHelpers, grader: bundle.grader, locale, sandbox: false });
    const dir = `run-${++runs}`;
    await this.container.mount(toMountTree(tree), { mountPoint: dir });
    return dir;
  }

  async grade(labId: string, files: FileTree, locale: Locale): Promise<Results> {
    const dir = await this.layout(labId, files, locale);
    try {
      const process = await this.container.spawn('node', ['grader/main.js'], { cwd: dir });
      let last: string | undefined;
      const tail: string[] = [];
      for await (const line of lines(process.output)) {
        if (line.trim().startsWith('{"version":1')) last = line.trim();
        else if (line.trim()) tail.push(line);
      }
      const code = await process.exit;
      if (last) return parseResults(JSON.parse(last));
      return errorResults(labId, `The grader exited with code ${code} without a results document.\n${tail.slice(-8).join('\n')}`);
    } finally {
      await this.container.fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async run(labId: string, files: FileTree, onEvent: (event: RunEvent) => void): Promise<RunningLab> {
    const dir = await this.layout(labId, files);
    const process = await this.container.spawn('node', ['grader/main.js', '.', '--serve'], { cwd: dir });
    const writer = process.input.getWriter();
    const pending = new Map<string, (r: HttpExchange) => void>();
    const { promise: readyPromise, resolve: ready } = Promise.withResolvers<{ services: ServiceInfo[]; error?: string }>();
    let ids = 0;
    void (async () => {
      for await (const line of lines(process.output)) {
        const message = parseServeLine(line);
        if (!message) continue;
        if (message.type === 'ready') ready({ services: message.services, error: message.error });
        else if (message.type === 'response') {
          pending.get(message.id)?.(message as HttpExchange);
          pending.delete(message.id);
        } else if (message.type === 'log' || message.type === 'exit') onEvent(message as RunEvent);
      }
      ready({ services: [], error: 'the lab runner stopped before the services started' });
      for (const resolve of pending.values()) resolve({ ok: false, error: 'the services were stopped' });
      onEvent({ type: 'stopped' });
      await this.container.fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    })();
    const { services, error } = await readyPromise;
    return {
      services,
      error,
      request(spec: RequestSpec) {
        const id = String(++ids);
        return new Promise((resolve) => {
          pending.set(id, resolve);
          void writer.write(JSON.stringify({ type: 'request', id, ...spec }) + '\n');
        });
      },
      // Minimal stub (the WebContainer helper wires the control-result answer): sends the line only.
      async control(action: ControlAction): Promise<ControlResult> {
        await writer.write(controlLine(String(++ids), action)).catch(() => undefined);
        return { ok: false, error: 'the Faults panel is not wired to WebContainer yet', services: [], faults: [] };
      },
      async stop() {
        await writer.write(JSON.stringify({ type: 'stop' }) + '\n').catch(() => undefined);
        const timeout = new Promise((r) => setTimeout(r, 2_000));
        if ((await Promise.race([process.exit.then(() => 'exited'), timeout])) !== 'exited') process.kill();
      },
    };
  }
}
