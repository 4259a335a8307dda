/**
 * A test double of the part of @webcontainer/api 1.6.4 the WebContainer host uses (boot, mount,
 * spawn, fs.mkdir/rm, on('error'), teardown), backed by a real temp folder, a real pseudo-terminal
 * and the machine's Node 20. It is meant to be at least as strict as WebContainer; each behaviour
 * names its source. "d.ts" below is node_modules/@webcontainer/api/dist/index.d.ts, "js" is
 * dist/index.js of the same version.
 *
 * - `node` is Node 20: WebContainer's node is Node 20 unless a project asks for 22 (StackBlitz's
 *   @webcontainer/test fixtures assert v20). The machine's /usr/bin/node stands in for it; where it
 *   is missing or not v20, `NodeContainer.unavailable()` says why and the tests skip.
 * - mount({ mountPoint }) into a folder that does not exist throws: issue 9 reads WebContainer's
 *   docs so (d.ts only says "Specifies a nested path where the tree should be mounted"; the
 *   stricter reading is taken, and `npm run test:webcontainer` checks it on the real thing).
 *   Names `.`, `..`, `` and names with `/` are refused too (stricter than documented).
 * - `output` is one pseudo-terminal stream (d.ts: "An input stream for the attached pseudoterminal
 *   device", "all terminal output, including the stdout and stderr ... and its descendants"): the
 *   process runs on a real Linux pty (util-linux `script`), so input is echoed, `\r` becomes `\n`
 *   on input, `\n` becomes `\r\n` on output, and canonical mode cuts lines at 4 KB until the
 *   process sets raw mode.
 * - output arrives in small byte chunks, each decoded from UTF-8 on its own (js: `binaryListener`
 *   calls `decoder.decode(data)` without `stream: true`), so a split character becomes U+FFFD.
 * - `output` never closes, not even after exit (issue 9: @webcontainer/test's fixtures await
 *   `exit` and cancel the reader themselves); only `exit` tells that the process ended.
 * - `kill()` is ignored while any process of its tree is busy (webcontainer-core #1121: a node
 *   process in a hot loop cannot be killed). Inside, the preload (webcontainer-preload.cjs) sets
 *   process.versions.webcontainer and delivers ChildProcess#kill through the child's event loop,
 *   so a hot loop never takes it; teardown() ends every process in the container's folder.
 * - after teardown() every call throws (d.ts: "turning it unusable"); only one container at a time
 *   can be booted (d.ts, boot: "Only a single instance of WebContainer can be booted concurrently").
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerLike, ContainerProcess, MountTree } from '../../src/hosts/webcontainer/container.ts';

const SYSTEM_NODE = '/usr/bin/node';
const PRELOAD = join(import.meta.dirname, 'webcontainer-preload.cjs');

let booted: NodeContainer | undefined;

/** CPU ticks (utime + stime) of a process, from /proc/<pid>/stat (proc(5) fields 14 and 15). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Every process for which `match(pid)` holds (a process gone meanwhile, or not ours to read, does not). */
function pidsWhere(match: (pid: string) => boolean): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (match(name)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Every process whose working directory is inside `root`. */
function pidsUnder(root: string): number[] {
  return pidsWhere((pid) => {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return cwd === root || cwd.startsWith(`${root}/`);
  });
}

/** Every live process whose session is `sid` (`script` starts the command in its own session). */
function sessionPids(sid: number): number[] {
  return pidsWhere((pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[3]) === sid && fields[0] !== 'Z';
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

class PtyProcess implements ContainerProcess {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  private readonly script: ChildProcessWithoutNullStreams;
  private sid: number | undefined;
  private exited = false;
  readonly calls: string[];

  constructor(script: ChildProcessWithoutNullStreams, calls: string[], enabled: boolean) {
    this.script = script;
    this.calls = calls;
    let seed = script.pid ?? 1;
    const chunkSize = () => 1 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 7);
    let cancelled = false;
    this.output = new ReadableStream<string>({
      cancel() {
        cancelled = true; // the reader let go; the process goes on printing
      },
      start(controller) {
        script.stdout.on('data', (bytes: Buffer) => {
          if (!enabled || cancelled) return; // spawn({ output: false }): "will never produce any chunks" (d.ts)
          for (let i = 0; i < bytes.length; ) {
            const n = chunkSize();
            controller.enqueue(new TextDecoder().decode(bytes.subarray(i, i + n)));
            i += n;
          }
        });
        // No close: the stream stays open after the process exits.
      },
    });
    this.input = new WritableStream<string>({
      write: (chunk) => {
        if (!script.stdin.destroyed) script.stdin.write(chunk);
      },
    });
    this.exit = new Promise<number>((resolve) =>
      script.once('exit', (code, signal) => {
        this.exited = true;
        resolve(code ?? (signal ? 128 + 9 : 1));
      }),
    );
    script.stdin.on('error', () => undefined);
  }

  /** The session of the command `script` runs (its only child, a session leader). */
  session(): number | undefined {
    if (this.sid !== undefined) return this.sid;
    const pid = this.script.pid;
    if (pid === undefined) return undefined;
    try {
      const child = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
      if (child) this.sid = Number(child);
    } catch {
      // already gone
    }
    return this.sid;
  }

  kill(): void {
    const sid = this.session();
    if (sid === undefined || this.exited) return;
    const before = new Map(sessionPids(sid).map((pid) => [pid, cpuTicks(pid)]));
    setTimeout(() => {
      const busy = [...before].some(([pid, ticks]) => ticks !== undefined && (cpuTicks(pid) ?? ticks) - ticks >= 2);
      if (busy) {
        this.calls.push(`kill ignored (busy)`);
        return;
      }
      this.calls.push('kill');
      try {
        process.kill(sid, 'SIGKILL'); // the process itself; Linux sends its session SIGHUP
      } catch {
        // already gone
      }
    }, 200).unref();
  }

  /** teardown(): everything in the session, busy or not, and `script` itself. */
  destroy(): void {
    const sid = this.session();
    if (sid !== undefined) for (const pid of sessionPids(sid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    this.script.kill('SIGKILL');
  }
}

export class NodeContainer implements ContainerLike {
  readonly root = mkdtempSync(join(tmpdir(), 'webcontainer-double-'));
  readonly calls: string[] = [];
  private readonly processes = new Set<PtyProcess>();
  private tornDown = false;
  private readonly errorListeners = new Set<(error: { message: string }) => void>();

  /** Why the double cannot run here (no Node 20 at /usr/bin/node, no `script`), or undefined. */
  static unavailable(): string | undefined {
    if (!existsSync(SYSTEM_NODE)) return `no ${SYSTEM_NODE} (Node 20 stands in for WebContainer's node)`;
    const version = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!version.startsWith('v20.')) return `${SYSTEM_NODE} is ${version || 'unknown'}, not Node 20 like WebContainer's node`;
    if (spawnSync('script', ['--version']).status !== 0) return 'no `script` (util-linux) for a pseudo-terminal';
    return undefined;
  }

  /** WebContainer.boot(): one instance at a time. */
  static async boot(): Promise<NodeContainer> {
    if (booted && !booted.tornDown) throw new Error('Unable to create more instances: only a single WebContainer can be booted at a time');
    booted = new NodeContainer();
    return booted;
  }

  private alive(what: string): void {
    if (this.tornDown) throw new Error(`${what}: the WebContainer was torn down`);
  }

  private path(path: string): string {
    const clean = path.replace(/^\/+/, '');
    if (clean.split('/').some((p) => p === '..')) throw new Error(`EACCES: ${path} is outside the file system`);
    return join(this.root, clean);
  }

  async mount(tree: MountTree, options: { mountPoint?: string } = {}): Promise<void> {
    this.alive('mount');
    this.calls.push(`mount ${options.mountPoint ?? '.'}`);
    const target = this.path(options.mountPoint ?? '.');
    if (!existsSync(target) || !statSync(target).isDirectory()) throw new Error(`ENOENT: no such file or directory, mount point "${options.mountPoint}"`);
    const check = (t: MountTree, at: string) => {
      for (const [name, node] of Object.entries(t)) {
        if (name === '' || name === '.' || name === '..' || name.includes('/')) throw new Error(`EINVAL: invalid file name "${name}" in ${at || '/'}`);
        if ('directory' in node) check(node.directory, `${at}/${name}`);
      }
    };
    check(tree, '');
    const write = (dir: string, t: MountTree) => {
      mkdirSync(dir, { recursive: true });
      for (const [name, node] of Object.entries(t)) {
        if ('directory' in node) write(join(dir, name), node.directory);
        else writeFileSync(join(dir, name), node.file.contents);
      }
    };
    write(target, tree);
  }

  async spawn(command: string, args: string[], options: { cwd?: string; env?: Record<string, string | number | boolean>; output?: boolean } = {}): Promise<ContainerProcess> {
    this.alive('spawn');
    this.calls.push(`spawn ${command} ${args.join(' ')}`);
    if (command !== 'node') throw new Error(`the test double only runs node, not ${command}`);
    const cwd = this.path(options.cwd ?? '.');
    if (!existsSync(cwd)) throw new Error(`ENOENT: no such directory ${options.cwd}`);
    const line = `exec ${SYSTEM_NODE} ${args.map(quote).join(' ')}`;
    const script = spawn('script', ['-qefc', line, '/dev/null'], {
      cwd,
      env: {
        PATH: `/usr/bin:/bin`,
        HOME: this.root,
        SHELL: '/bin/sh',
        NODE_OPTIONS: `--require ${PRELOAD}`,
        ...Object.fromEntries(Object.entries(options.env ?? {}).map(([k, v]) => [k, String(v)])),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    script.stderr.resume();
    const proc = new PtyProcess(script, this.calls, options.output !== false);
    this.processes.add(proc);
    void proc.exit.then(() => this.processes.delete(proc));
    return proc;
  }

  fs = {
    mkdir: async (path: string, options?: { recursive?: boolean }) => {
      this.alive('fs.mkdir');
      this.calls.push(`mkdir ${path}`);
      mkdirSync(this.path(path), { recursive: options?.recursive });
    },
    rm: async (path: string, options?: { recursive?: boolean; force?: boolean }) => {
      this.alive('fs.rm');
      this.calls.push(`rm ${path}`);
      rmSync(this.path(path), { recursive: options?.recursive, force: options?.force });
    },
  };

  on(event: 'error', listener: (error: { message: string }) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Emits WebContainer's `error` event (an internal error), for tests. */
  emitError(message: string): void {
    for (const listener of this.errorListeners) listener({ message });
  }

  /** Processes spawned and not yet exited. */
  get running(): number {
    return this.processes.size;
  }

  teardown(): void {
    if (this.tornDown) return;
    this.calls.push('teardown');
    this.tornDown = true;
    for (const proc of this.processes) proc.destroy();
    this.processes.clear();
    // A process whose parent has exited is still in the container (a hot loop survives its
    // parent's end: #1121), and teardown ends the whole container: find them by where they run.
    for (const pid of pidsUnder(this.root)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Processes still running in this container's folder (none, once it is torn down). */
  leftovers(): number[] {
    return pidsUnder(this.root);
  }

  /** For afterAll: the same as teardown, also when it already happened. */
  dispose(): void {
    this.teardown();
  }
}
