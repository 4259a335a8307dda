/**
 * The page's side of the grader's serve mode inside WebContainer (JSON lines, see
 * src/grader/serve.ts): requests and control actions go in on the process's terminal input, and
 * every answer is matched by id, with a time limit, because the runner may be stuck. The output
 * never closes, so the end of the run is the process's `exit` (or the container going away).
 */
import type { ControlAction, ControlResult, HttpExchange, RequestSpec, RunEvent, RunningLab, ServiceInfo } from '../runtime.ts';
import { controlLine, parseServeLine } from '../runtime.ts';
import type { ContainerProcess } from './container.ts';
import type { HostTimes } from './host.ts';
import { hostWords } from './messages.ts';
import { asciiLine, exitWithin, readLines, sleep, type LineReader } from './terminal.ts';

export interface ServeHooks {
  /** How long the runner may take to report `ready`. */
  readyWithinMs: number;
  /** Tear the container down: a process in it would not die. */
  replaceContainer(): void;
  /** The run is over: remove its folder (unless the container was replaced). */
  finished(replaced: boolean): void;
}

type Ready = { services: ServiceInfo[]; error?: string };

export class ServeClient {
  private readonly process: ContainerProcess;
  private readonly onEvent: (event: RunEvent) => void;
  private readonly times: HostTimes;
  private readonly hooks: ServeHooks;
  private readonly words = hostWords('en');
  private readonly writer: WritableStreamDefaultWriter<string>;
  private readonly reader: LineReader;
  private readonly pending = new Map<string, (exchange: HttpExchange) => void>();
  private readonly controls = new Map<string, { resolve(result: ControlResult): void; reject(error: Error): void }>();
  private readonly tail: string[] = [];
  private services: ServiceInfo[] = [];
  private ids = 0;
  private ended = false;
  private unkillable = false;
  private resolveReady: (ready: Ready) => void = () => undefined;
  private readonly ready = new Promise<Ready>((resolve) => (this.resolveReady = resolve));
  private exitCode: number | undefined;

  constructor(process: ContainerProcess, onEvent: (event: RunEvent) => void, times: HostTimes, hooks: ServeHooks) {
    this.process = process;
    this.onEvent = onEvent;
    this.times = times;
    this.hooks = hooks;
    this.writer = process.input.getWriter();
    this.reader = readLines(process.output, (line) => this.onLine(line));
    void process.exit.then((code) => {
      this.exitCode = code;
      void this.end(false);
    });
  }

  private onLine(line: string): void {
    const message = parseServeLine(line);
    if (!message) {
      if (line.trim()) this.tail.splice(0, Math.max(0, this.tail.push(line) - 8));
      return;
    }
    const { type, id, ...rest } = message;
    if (type === 'ready') this.resolveReady({ services: message.services ?? [], error: message.error });
    else if (type === 'response') this.pending.get(String(id))?.(rest as HttpExchange);
    else if (type === 'control-result') this.controls.get(String(id))?.resolve(rest as ControlResult);
    else if (type === 'unkillable') {
      this.unkillable = true;
      this.onEvent({ type: 'exit', service: String(message.service), description: this.words.unkillable(String(message.service)) });
    } else if (type === 'log' || type === 'exit' || type === 'traffic' || type === 'state') this.onEvent(message as RunEvent);
    // anything else ('request', 'control', 'stop') is our own input echoed by the terminal
  }

  /** Waits for `ready` (or the runner's end, or the time limit) and returns the running lab. */
  async start(): Promise<RunningLab> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      this.ready,
      this.process.exit.then(() => 'died' as const),
      new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), this.hooks.readyWithinMs))),
    ]);
    clearTimeout(timer);
    if (outcome === 'died') {
      await this.reader.quiet(this.times.drainMs); // a late `ready` with an error says more
      const late = await Promise.race([this.ready, sleep(0).then(() => undefined)]);
      if (late) return this.lab(late);
      return this.lab({ services: [], error: this.words.runnerDied(this.exitCode ?? 1, this.tail.join('\n')) });
    }
    if (outcome === 'slow') {
      this.process.kill();
      this.hooks.replaceContainer();
      void this.end(true);
      return this.lab({ services: [], error: this.words.runnerSlow(Math.round(this.hooks.readyWithinMs / 1000)) });
    }
    this.services = outcome.services;
    return this.lab(outcome);
  }

  private lab(ready: Ready): RunningLab {
    return {
      services: ready.services,
      ...(ready.error ? { error: ready.error } : {}),
      request: (spec) => this.request(spec),
      control: (action) => this.control(action),
      stop: () => this.stop(),
    };
  }

  private send(message: object): Promise<void> {
    return this.writer.write(asciiLine(message));
  }

  request(spec: RequestSpec): Promise<HttpExchange> {
    if (this.ended) return Promise.resolve({ ok: false, error: this.words.stopped });
    const id = String(++this.ids);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ ok: false, error: this.words.requestTimedOut(Math.round(this.times.requestMs / 1000)) }), this.times.requestMs);
      const done = (exchange: HttpExchange) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(exchange);
      };
      this.pending.set(id, done);
      this.send({ type: 'request', id, ...spec }).catch((error: Error) => done({ ok: false, error: error.message }));
    });
  }

  control(action: ControlAction): Promise<ControlResult> {
    if (this.ended) return Promise.reject(new Error(this.words.stopped));
    const id = String(++this.ids);
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.controls.delete(id);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(this.words.controlTimedOut(Math.round(this.times.requestMs / 1000))));
      }, this.times.requestMs);
      this.controls.set(id, {
        resolve: (result) => (finish(), resolve(result)),
        reject: (error) => (finish(), reject(error)),
      });
      // controlLine() carries remove-fault's id as faultId (`id` names this request).
      this.send(JSON.parse(controlLine(id, action))).catch((error: Error) => this.controls.get(id)?.reject(error));
    });
  }

  /** Asks the runner to stop; kills it when it does not; replaces the container when it will not die. */
  async stop(): Promise<void> {
    if (this.ended) return;
    await this.send({ type: 'stop' }).catch(() => undefined);
    if ((await exitWithin(this.process, this.times.killWaitMs)) !== undefined) return this.end(false);
    this.process.kill();
    const killed = (await exitWithin(this.process, this.times.killWaitMs)) !== undefined;
    if (!killed) for (const s of this.services.filter((s) => !s.provided)) this.onEvent({ type: 'exit', service: s.name, description: this.words.wouldNotStop });
    // Killed processes may leave their children behind: the container is not trusted after a kill.
    this.hooks.replaceContainer();
    await this.end(true);
  }

  /** The container went away under this run (torn down after another run's watchdog). */
  containerGone(error?: string): void {
    if (this.ended) return;
    const why = error ? this.words.crashed(error) : this.words.restarted;
    for (const s of this.services.filter((s) => !s.provided)) this.onEvent({ type: 'exit', service: s.name, description: why });
    void this.end(true);
  }

  private ending: Promise<void> | undefined;

  private end(replaced: boolean): Promise<void> {
    this.ending ??= this.finish(replaced);
    return this.ending;
  }

  private async finish(replaced: boolean): Promise<void> {
    this.ended = true;
    // The last lines (an exit, a response) may come after `exit`.
    if (!replaced) await this.reader.quiet(this.times.drainMs);
    this.reader.cancel();
    for (const resolve of [...this.pending.values()]) resolve({ ok: false, error: this.words.stopped });
    for (const { reject } of [...this.controls.values()]) reject(new Error(this.words.stopped));
    this.onEvent({ type: 'stopped' });
    if (this.unkillable && !replaced) {
      replaced = true;
      this.hooks.replaceContainer();
    }
    this.hooks.finished(replaced);
  }
}
