/**
 * The grader: runs INSIDE a host's container, in the tree laid out by the engine's buildRunTree.
 *
 *   node grader/main.js [<tree root>]            grade: print one results document
 *   node grader/main.js [<tree root>] --serve    run the services for the learner (see serve.ts)
 *
 * Starts every service of the lab, each behind a fault proxy, waits until they listen, runs the
 * checks in order with a time limit each, stops everything and prints ONE results document (JSON)
 * on stdout. Nothing else is printed on stdout; services' output is piped here, never inherited.
 */
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Check, CheckContext } from '../engine/checks.ts';
import type { RunConfig } from '../engine/run-tree.ts';
import type { CheckResult, Results } from '../engine/results.ts';
import { CheckFailure } from './errors.ts';
import { expect } from './expect.ts';
import { httpClient } from './http-client.ts';
import { jsonLine } from './json-line.ts';
import { LabServices } from './lab-services.ts';
import { say, setLanguage, words } from './messages.ts';
import { serve } from './serve.ts';

const root = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const config: RunConfig = JSON.parse(readFileSync(join(root, 'run.json'), 'utf8'));
const started = performance.now();
setLanguage(config.locale);
/** GRADER_TRACE=1 prints phase timings on stderr (for lab authors and benchmarks). */
const trace = (phase: string) => {
  if (process.env.GRADER_TRACE) process.stderr.write(`[grader] ${phase} at ${(performance.now() - started).toFixed(0)} ms (process up ${process.uptime().toFixed(3)} s)\n`);
};

/** Prints the results document and exits once it is flushed. */
function print(results: Results): Promise<never> {
  return new Promise(() => {
    process.stdout.write(jsonLine(results), () => process.exit(0));
  });
}

interface LoadedCheck {
  check: Check;
  hidden: boolean;
}

async function loadChecks(): Promise<LoadedCheck[]> {
  const loaded: LoadedCheck[] = [];
  for (const { module, hidden } of config.checks) {
    const mod = await import(pathToFileURL(join(root, module)).href);
    const list = mod.default;
    if (!Array.isArray(list)) throw new Error(`${module}: the default export must be an array of checks`);
    list.forEach((check: Check, i: number) => {
      if (!check || typeof check.id !== 'string' || typeof check.run !== 'function' || typeof check.points !== 'number') {
        throw new Error(`${module}: check [${i}] needs an id, a title, points and a run() function`);
      }
      loaded.push({ check, hidden });
    });
  }
  const ids = new Set<string>();
  for (const { check } of loaded) {
    if (ids.has(check.id)) throw new Error(`duplicate check id "${check.id}"`);
    ids.add(check.id);
  }
  return loaded;
}

async function main(): Promise<never> {
  // Services boot while the checks load: a Node process takes tens of milliseconds to start.
  const lab = config.error ? undefined : await LabServices.create(config, root);
  const booting = lab?.start();
  trace('services starting');
  let checks: LoadedCheck[];
  try {
    checks = await loadChecks();
    trace('checks loaded');
  } catch (error) {
    await booting;
    await lab?.stop();
    return print({
      version: 1,
      lab: config.lab,
      status: 'error',
      score: 0,
      maxScore: 0,
      durationMs: performance.now() - started,
      error: `The lab's checks could not be loaded: ${(error as Error).message}`,
      checks: [],
    });
  }

  if (config.error) {
    const reason = config.error;
    const notRun: CheckResult[] = checks.map(({ check, hidden }) => ({
      id: check.id,
      title: say(check.title),
      status: 'error',
      points: check.points,
      earned: 0,
      message: words().notRun(reason),
      durationMs: 0,
      hidden,
    }));
    return print({
      version: 1,
      lab: config.lab,
      status: 'error',
      score: 0,
      maxScore: notRun.reduce((sum, c) => sum + c.points, 0),
      durationMs: Math.round(performance.now() - started),
      error: reason,
      locale: config.locale,
      checks: notRun,
    });
  }

  if (!lab) throw new Error('unreachable: no services without a config error');
  const { services, proxies, defaultService } = lab;
  // The whole run has a time limit too: past it, whatever is left is reported as not run.
  const totalDeadline = started + config.limits.totalMs;
  await booting;
  trace('services ready');
  const results: CheckResult[] = [];
  const logTail = () => lab.logTail();
  const learnerPaths = (text: string) => lab.learnerPaths(text);

  for (const { check, hidden } of checks) {
    const title = say(check.title);
    const base = { id: check.id, title, points: check.points, hidden };
    const checkStarted = performance.now();
    if (performance.now() > totalDeadline) {
      results.push({ ...base, status: 'fail', earned: 0, durationMs: 0, message: words().overTime(config.limits.totalMs) });
      continue;
    }
    // Every check starts from a clean network and running services.
    for (const proxy of proxies.values()) proxy.renew();
    for (const service of services.values()) {
      if (service.failure) continue;
      if (service.running && !(await service.settle(1_000))) await service.kill();
      if (!service.running) await service.start();
    }
    const checkRun = performance.now();
    const broken = [...services.values()].filter((s) => s.failure);
    if (broken.length > 0) {
      results.push({
        ...base,
        status: 'fail',
        earned: 0,
        durationMs: performance.now() - checkStarted,
        message: words().notRun(broken.map((s) => s.failure).join('; ')),
        logs: logTail(),
      });
      continue;
    }

    const timeoutMs = check.timeoutMs ?? config.limits.checkMs;
    const controller = new AbortController();
    const context: CheckContext = {
      http: (name = defaultService) => {
        const service = services.get(name);
        if (!service) throw new Error(`no service named "${name}"`);
        return httpClient(name, `http://127.0.0.1:${service.options.port}`, controller.signal);
      },
      service: (name = defaultService) => {
        const service = services.get(name);
        const proxy = proxies.get(name);
        if (!service || !proxy) throw new Error(`no service named "${name}"`);
        return {
          name,
          url: `http://127.0.0.1:${service.options.port}`,
          proxyUrl: proxy.url,
          get running() {
            return service.running;
          },
          kill: async () => {
            service.stoppedOnPurpose = true;
            await service.kill();
          },
          restart: async () => {
            await service.restart();
            if (service.failure) throw new CheckFailure(words().afterRestart(service.failure));
          },
          logs: () => learnerPaths(service.logs.all()),
        };
      },
      fault: (name) => {
        const proxy = proxies.get(name);
        if (!proxy) throw new Error(`no service named "${name}"`);
        return proxy;
      },
      expect,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      signal: controller.signal,
    };

    let status: CheckResult['status'] = 'pass';
    let message = '';
    let noAnswer = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        check.run(context),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new CheckFailure(words().timedOut(timeoutMs), { transport: true }));
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      if (error instanceof CheckFailure) {
        status = 'fail';
        message = error.message;
        noAnswer = error.transport;
      } else {
        status = 'error';
        message = words().checkCrashed((error as Error)?.stack ?? String(error));
      }
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    if (status !== 'pass') await Promise.all([...services.values()].filter((s) => !s.stoppedOnPurpose).map((s) => s.settle(500)));
    const crashed = [...services.values()].filter((s) => !s.running && !s.stoppedOnPurpose);
    if (crashed.length > 0) {
      const what = crashed.map((s) => words().serviceDid(s.options.name, s.exitDescription ?? words().stopped)).join('; ');
      if (status === 'pass') {
        status = 'fail';
        message = words().crashedDuring(what);
      } else {
        message += words().meanwhile(what);
      }
    }
    // A learner's service that gave no answer may be stuck in a loop or dying (out of memory):
    // the next check gets fresh processes, so one failure does not decide the next check's fate.
    if (noAnswer || crashed.length > 0) {
      await Promise.all([...services.values()].filter((s) => s.options.dir === 'app' && s.running).map((s) => s.kill()));
    }
    results.push({
      ...base,
      status,
      earned: status === 'pass' ? check.points : 0,
      durationMs: Math.round(performance.now() - checkRun),
      message: status === 'pass' ? 'ok' : message,
      ...(status === 'pass' ? {} : { logs: logTail() }),
    });
  }

  trace('checks done');
  await lab.stop();
  trace('services stopped');
  const score = results.reduce((sum, c) => sum + c.earned, 0);
  const maxScore = results.reduce((sum, c) => sum + c.points, 0);
  return print({
    version: 1,
    lab: config.lab,
    status: results.length > 0 && results.every((c) => c.status === 'pass') ? 'pass' : 'fail',
    score,
    maxScore,
    durationMs: Math.round(performance.now() - started),
    locale: config.locale,
    checks: results,
  });
}

(process.argv.includes('--serve') ? serve(config, root) : main()).catch((error) => {
  process.stderr.write(`grader crashed: ${(error as Error)?.stack ?? error}\n`);
  process.exit(70);
});
