import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLine } from './json-line.ts';
import { LogBuffer } from './log-buffer.ts';
import { watchMemory } from './memory-watch.ts';
import { words } from './messages.ts';
import { serviceNodeFlags } from './node-flags.ts';

export interface ServiceOptions {
  name: string;
  root: string;
  dir: 'app' | 'provided';
  entry: string;
  /** The folder it may write (serviceTmpDir), relative to `root`: kept across restarts. */
  tmpDir: string;
  port: number;
  env: Record<string, string>;
  sandbox: boolean;
  heapMb: number;
  /** Resident memory limit (heap and off-heap), in MiB. */
  memoryMb: number;
  startupMs: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How long a connect may take: in WebContainer's user-space network one to a busy process may never complete. */
const CONNECT_TIMEOUT_MS = 1_000;
/** How long kill() waits for the process to exit (a process in a hot loop cannot be killed in WebContainer, webcontainer-core #1121). */
export const KILL_WAIT_MS = 2_000;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** One service of the lab, running as its own Node process. */
export class ServiceProcess {
  readonly logs = new LogBuffer();
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Why the last start failed, for the checks' messages. */
  failure: string | undefined;
  exitDescription: string | undefined;
  /** True while a check deliberately stopped the service. */
  stoppedOnPurpose = false;
  /** True between pause() and resume(): the process is frozen by SIGSTOP. */
  paused = false;
  /** Set when the memory watch killed the current process (its resident MiB at that reading). */
  private overMemoryMb: number | undefined;

  readonly options: ServiceOptions;

  constructor(options: ServiceOptions) {
    this.options = options;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private args(): string[] {
    const { root, dir, entry, sandbox, heapMb, tmpDir } = this.options;
    return [...serviceNodeFlags({ sandbox, heapMb, readDir: join(root, dir), writeDir: join(root, tmpDir) }), join(root, dir, entry)];
  }

  /** Starts the process and waits until it accepts connections on its port. */
  async start(): Promise<void> {
    const { root, dir, port, env, name, startupMs } = this.options;
    const tmp = join(root, this.options.tmpDir);
    mkdirSync(tmp, { recursive: true });
    this.failure = undefined;
    this.exitDescription = undefined;
    this.stoppedOnPurpose = false;
    this.paused = false;
    this.logs.push(`[grader] starting ${name} on port ${port}\n`);
    const child = spawn(process.execPath, this.args(), {
      cwd: join(root, dir),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmp,
        TMPDIR: tmp,
        NODE_ENV: 'test',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    this.child = child;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.logs.push(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.logs.push(chunk));
    this.overMemoryMb = undefined;
    const watch = child.pid
      ? watchMemory(child.pid, this.options.memoryMb, (mb) => {
          this.overMemoryMb = mb;
          child.kill('SIGKILL');
        })
      : undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        watch?.stop();
        // Died unasked with most of its allowance in use: its own allocations ended it before a
        // reading passed the limit (a busy machine, an allocation failure, the kernel's OOM killer).
        const nearLimit = (watch?.lastMb() ?? 0) > 0.75 * this.options.memoryMb;
        if (this.overMemoryMb === undefined && nearLimit && !this.stoppedOnPurpose) this.overMemoryMb = watch!.lastMb();
        this.exitDescription =
          this.overMemoryMb !== undefined
            ? words().overMemory(this.options.memoryMb, Math.round(this.overMemoryMb))
            : signal
              ? words().killedBy(signal)
              : words().exitedCode(code);
        resolve();
      });
      child.once('error', (error) => {
        this.exitDescription = words().couldNotStart(error.message);
        resolve();
      });
    });
    const deadline = performance.now() + startupMs;
    while (performance.now() < deadline) {
      if (!this.running) {
        await this.exited;
        this.failure = words().exitedBeforeListening(name, this.exitDescription ?? '');
        return;
      }
      if (await canConnect(port)) return;
      await sleep(8);
    }
    this.failure = words().neverListened(name, port, startupMs);
    await this.kill();
  }

  /**
   * After a check that failed: when the service no longer accepts connections, give it up to `ms`
   * to finish dying (an out-of-memory abort takes a moment), so the crash is reported on the check
   * that caused it. Returns false when the service is still up but unreachable.
   */
  async settle(ms: number): Promise<boolean> {
    if (!this.running) return true;
    // Killed for its memory: it is dying even if its port still accepts (a process giving back
    // gigabytes frees its memory before its sockets), so wait for the exit itself.
    if (this.overMemoryMb === undefined && (await canConnect(this.options.port))) return true;
    await Promise.race([this.exited, sleep(ms)]);
    return !this.running;
  }

  /** True once a kill did not make the process exit: it may still be running. */
  unkillable = false;

  /**
   * Kills the process and waits for it to exit, at most KILL_WAIT_MS. Resolves false when it did
   * not exit: that is logged, and reported on stderr as `{"type":"unkillable","service"}` so the
   * host can replace its container.
   */
  async kill(): Promise<boolean> {
    const child = this.child;
    if (!child) return true;
    if (this.running) {
      // A frozen process is let go first, so nothing is left stopped (SIGKILL would do, but be plain).
      if (this.paused) child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    this.paused = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), KILL_WAIT_MS)))]);
    clearTimeout(timer);
    if (!exited && !this.unkillable) {
      this.unkillable = true;
      this.logs.push(`[grader] ${this.options.name} did not exit within ${KILL_WAIT_MS / 1000} s of being killed\n`);
      process.stderr.write(jsonLine({ type: 'unkillable', service: this.options.name }));
    }
    return exited;
  }

  /** Freezes the process (SIGSTOP): to its peers it looks like a long GC pause or a hung host. */
  async pause(): Promise<void> {
    if (!this.running || this.paused) return;
    this.child!.kill('SIGSTOP');
    this.paused = true;
  }

  /** Lets a paused process go on (SIGCONT). */
  async resume(): Promise<void> {
    if (!this.paused) return;
    this.paused = false;
    if (this.running) this.child!.kill('SIGCONT');
  }

  /** Delivers a signal; a paused process is resumed first, so the signal is acted on. */
  async signal(name: 'SIGTERM' | 'SIGINT' | 'SIGHUP'): Promise<void> {
    if (!this.running) return;
    if (this.paused) await this.resume();
    this.child!.kill(name);
  }

  /** Resolves true once the process has exited, or false after `ms`. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.child || !this.running) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
    clearTimeout(timer);
    return exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}
