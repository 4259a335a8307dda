import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LogBuffer } from './log-buffer.ts';
import { words } from './messages.ts';

export interface ServiceOptions {
  name: string;
  root: string;
  dir: 'app' | 'provided';
  entry: string;
  port: number;
  env: Record<string, string>;
  sandbox: boolean;
  heapMb: number;
  startupMs: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
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

  readonly options: ServiceOptions;

  constructor(options: ServiceOptions) {
    this.options = options;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private args(): string[] {
    const { root, dir, entry, sandbox, heapMb, name } = this.options;
    const args = [`--max-old-space-size=${heapMb}`];
    if (sandbox) {
      const tmp = join(root, 'tmp', name);
      args.push('--permission', `--allow-fs-read=${join(root, dir)}`, `--allow-fs-write=${tmp}`);
    }
    args.push(join(root, dir, entry));
    return args;
  }

  /** Starts the process and waits until it accepts connections on its port. */
  async start(): Promise<void> {
    const { root, dir, port, env, name, startupMs } = this.options;
    const tmp = join(root, 'tmp', name);
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
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitDescription = signal ? words().killedBy(signal) : words().exitedCode(code);
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
    if (await canConnect(this.options.port)) return true;
    await Promise.race([this.exited, sleep(ms)]);
    return !this.running;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (this.running) {
      // A frozen process is let go first, so nothing is left stopped (SIGKILL would do, but be plain).
      if (this.paused) child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    this.paused = false;
    await this.exited;
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
