import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { buildRunTree, type FileTree } from '../../engine/run-tree.ts';
import { controlLine, parseServeLine, type ControlAction, type ControlResult, type HttpExchange, type RequestSpec, type RunEvent, type ServiceInfo } from '../runtime.ts';
import { graderFiles } from './grader-files.ts';
import type { Lab } from './lab-repo.ts';
import { killGroup, writeTempTree } from './temp-tree.ts';

/**
 * The learner's services running in a temp folder (the grader's serve mode), for "Run" in the
 * page. Sandboxed like a grading run; the folder and the whole process tree go away on stop().
 */
export class ServeSession {
  readonly id = randomUUID();
  services: ServiceInfo[] = [];
  error: string | undefined;
  stopped = false;
  lastUsed = Date.now();
  /** Everything the services printed, in order (the oldest dropped past 2000 events). */
  readonly events: RunEvent[] = [];
  dropped = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly root: string;
  private readonly pending = new Map<string, (r: HttpExchange) => void>();
  private readonly controls = new Map<string, (r: ControlResult) => void>();
  private readonly ready: Promise<void>;

  private constructor(lab: Lab, files: FileTree) {
    const { tree } = buildRunTree({
      manifest: lab.manifest,
      files,
      provided: lab.provided,
      checks: lab.checks,
      checkHelpers: lab.checkHelpers,
      grader: graderFiles(),
      sandbox: true,
    });
    this.root = writeTempTree(tree, 'mslab-run-');
    this.child = spawn(process.execPath, [join(this.root, 'grader', 'main.js'), this.root, '--serve'], {
      cwd: this.root,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    this.child.stderr.resume();
    this.ready = new Promise((resolve) => {
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        const message = parseServeLine(line);
        if (!message) return;
        if (message.type === 'ready') {
          this.services = message.services;
          this.error = message.error;
          resolve();
        } else if (message.type === 'response') {
          this.pending.get(message.id)?.(message as HttpExchange);
          this.pending.delete(message.id);
        } else if (message.type === 'control-result') {
          const { type: _type, id, ...result } = message;
          this.controls.get(id)?.(result as ControlResult);
          this.controls.delete(id);
        } else if (message.type === 'log' || message.type === 'exit' || message.type === 'traffic' || message.type === 'state') {
          this.push(message as RunEvent);
        }
      });
      this.child.once('exit', () => {
        this.error ??= this.services.length ? undefined : 'the lab runner stopped before the services started';
        this.finish();
        resolve();
      });
    });
  }

  static async start(lab: Lab, files: FileTree): Promise<ServeSession> {
    const session = new ServeSession(lab, files);
    await session.ready;
    return session;
  }

  private push(event: RunEvent): void {
    this.events.push(event);
    if (this.events.length > 2000) {
      this.events.shift();
      this.dropped++;
    }
  }

  /** Events from sequence number `since` on, and the number to ask from next time. */
  eventsSince(since: number): { events: RunEvent[]; next: number } {
    const start = Math.max(0, since - this.dropped);
    return { events: this.events.slice(start), next: this.dropped + this.events.length };
  }

  request(spec: RequestSpec): Promise<HttpExchange> {
    this.lastUsed = Date.now();
    if (this.stopped) return Promise.resolve({ ok: false, error: 'the services are stopped: press Run' });
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: 'no answer within 15 s' });
      }, 15_000);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.stdin.write(JSON.stringify({ type: 'request', id, ...spec }) + '\n');
    });
  }

  /** Kill, restart, pause or resume a service, or change its faults (serve mode's `control` line). */
  control(action: ControlAction): Promise<ControlResult> {
    this.lastUsed = Date.now();
    const gone = (error: string): ControlResult => ({ ok: false, error, services: [], faults: [] });
    if (this.stopped) return Promise.resolve(gone('the services are stopped: press Run'));
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.controls.delete(id);
        resolve(gone('no answer within 15 s'));
      }, 15_000);
      this.controls.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.stdin.write(controlLine(id, action));
    });
  }

  private finish(): void {
    if (this.stopped) return;
    this.stopped = true;
    killGroup(this.child.pid);
    rmSync(this.root, { recursive: true, force: true });
    for (const resolve of this.pending.values()) resolve({ ok: false, error: 'the services were stopped' });
    this.pending.clear();
    for (const resolve of this.controls.values()) resolve({ ok: false, error: 'the services were stopped', services: [], faults: [] });
    this.controls.clear();
    this.push({ type: 'stopped' });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end(JSON.stringify({ type: 'stop' }) + '\n');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    this.finish();
  }
}
