/** What a check's run() receives (CheckContext in src/engine/checks.ts), built on the running lab. */
import type { CheckContext, ServiceHandle } from '../engine/checks.ts';
import { CheckFailure } from './errors.ts';
import { expect } from './expect.ts';
import { httpClient } from './http-client.ts';
import type { LabServices } from './lab-services.ts';
import { words } from './messages.ts';
import { streamFor } from './random.ts';

function unknown(name: string, lab: LabServices): Error {
  return new Error(`no service named "${name}" (the lab has ${[...lab.services.keys()].map((n) => `"${n}"`).join(', ')})`);
}

export function serviceHandle(lab: LabServices, name: string): ServiceHandle {
  const service = lab.services.get(name);
  if (!service) throw unknown(name, lab);
  return {
    name,
    url: `http://127.0.0.1:${service.options.port}`,
    // What its peers use; with one edge per caller, the first peer's edge stands for them all.
    proxyUrl: ([...lab.edges.values()].find((e) => e.options.to === name && !e.options.external) ?? lab.edge(lab.external, name)).url,
    get running() {
      return service.running;
    },
    get paused() {
      return service.paused;
    },
    kill: async () => {
      service.stoppedOnPurpose = true;
      await service.kill();
    },
    restart: async () => {
      await service.restart();
      if (service.failure) throw new CheckFailure(words().afterRestart(service.failure));
    },
    pause: () => service.pause(),
    resume: () => service.resume(),
    signal: async (signal) => {
      // A check that asks a service to stop expects it to exit: that is not a crash.
      if (signal !== 'SIGHUP') service.stoppedOnPurpose = true;
      await service.signal(signal);
    },
    waitForExit: (ms) => service.waitForExit(ms),
    logs: () => lab.learnerPaths(service.logs.all()),
  };
}

export function checkContext(lab: LabServices, options: { checkId: string; seed: number; signal: AbortSignal }): CheckContext {
  const { signal } = options;
  const random = streamFor(options.seed, `check:${options.checkId}`);
  const known = (name: string) => {
    if (!lab.services.has(name)) throw unknown(name, lab);
    return name;
  };
  return {
    http: (name = lab.defaultService) => {
      const service = lab.services.get(name);
      if (!service) throw unknown(name, lab);
      return httpClient(name, `http://127.0.0.1:${service.options.port}`, signal, {
        route: () => lab.route(name),
        record: (e) =>
          lab.traffic.add({
            from: lab.external,
            to: name,
            method: e.method,
            path: e.path,
            ...(e.status !== undefined ? { status: e.status } : {}),
            ...(e.error !== undefined ? { error: e.error } : {}),
            startMs: lab.traffic.now() - (performance.now() - e.startedAt),
            durationMs: e.durationMs,
          }),
      });
    },
    service: (name = lab.defaultService) => serviceHandle(lab, name),
    fault: (name) => lab.faults.get(known(name))!,
    network: {
      partition: (a, b) => lab.book.partition(a, b),
      heal: () => lab.book.heal(),
      clearAll: () => lab.book.reset(),
      active: () => lab.book.active(),
    },
    traffic: lab.traffic,
    seed: options.seed,
    random,
    env: (name = lab.defaultService) => {
      const spec = lab.config.services.find((s) => s.name === known(name))!;
      // ADVERTISED_URL as LabServices gave it to the process (this lane's edge).
      const advertised = lab.services.get(name)!.options.env.ADVERTISED_URL;
      return Object.freeze({ ...spec.env, ...(advertised !== undefined ? { ADVERTISED_URL: advertised } : {}) });
    },
    expect,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signal,
  };
}
