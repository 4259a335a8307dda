/** Runs the checks against the running lab (on one or more lanes), each from a clean network, with its time limit. */
import type { Check } from '../engine/checks.ts';
import type { RunConfig } from '../engine/run-tree.ts';
import type { CheckResult } from '../engine/results.ts';
import { checkContext } from './check-context.ts';
import { CheckFailure } from './errors.ts';
import type { LabServices } from './lab-services.ts';
import { say, words } from './messages.ts';

export interface LoadedCheck {
  check: Check;
  hidden: boolean;
}

/** Every check starts with running, unpaused services, no fault, no partition and an empty traffic record. */
async function prepare(lab: LabServices): Promise<void> {
  lab.renew();
  // Side by side, as at boot: a check that stopped two services waits for one start, not two.
  await Promise.all(
    [...lab.services.values()].map(async (service) => {
      if (service.failure) return;
      await service.resume();
      if (service.running && !(await service.settle(1_000))) await service.kill();
      if (!service.running) await service.start();
    }),
  );
  lab.traffic.restart();
}

/**
 * The order the lanes take the checks in: longest expected first (a stable sort, so checks that
 * declare no `expectedMs` keep their order, after the ones that do). Longest-first keeps one long
 * check from starting last, when the other lanes have nothing left to do.
 */
export function runOrder(checks: readonly LoadedCheck[]): number[] {
  const expected = (i: number) => Math.max(0, Number(checks[i]!.check.expectedMs) || 0);
  return checks.map((_, i) => i).sort((a, b) => expected(b) - expected(a));
}

/**
 * Runs the checks on the lanes (copies of the lab, see RunConfig.lanes) side by side: each lane
 * takes the next check in `runOrder` (with one lane: in order) as soon as it is free and runs it whole. The results keep the
 * checks' order.
 */
export async function runChecks(
  lanes: readonly LabServices[],
  checks: LoadedCheck[],
  config: RunConfig,
  options: { seed: number; deadline: number },
): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length);
  // One lane takes as long in any order: it keeps the checks' own.
  const order = lanes.length > 1 ? runOrder(checks) : checks.map((_, i) => i);
  let next = 0;
  await Promise.all(
    lanes.map(async (lab) => {
      while (next < order.length) {
        const i = order[next++]!;
        results[i] = await runCheck(lab, checks[i]!, config, options);
      }
    }),
  );
  return results;
}

/** One check on one lane: a clean network, its time limit, then what it left behind. */
async function runCheck(lab: LabServices, { check, hidden }: LoadedCheck, config: RunConfig, options: { seed: number; deadline: number }): Promise<CheckResult> {
  const { services } = lab;
  const logTail = () => lab.logTail();
  const base = { id: check.id, title: say(check.title), points: check.points, hidden };
  const checkStarted = performance.now();
  if (performance.now() > options.deadline) {
    return { ...base, status: 'fail', earned: 0, durationMs: 0, message: words().overTime(config.limits.totalMs), traffic: [] };
  }
  await prepare(lab);
  const checkRun = performance.now();
  const broken = [...services.values()].filter((s) => s.failure);
  if (broken.length > 0) {
    return {
      ...base,
      status: 'fail',
      earned: 0,
      durationMs: Math.round(performance.now() - checkStarted),
      message: words().notRun(broken.map((s) => s.failure).join('; ')),
      logs: logTail(),
      traffic: [],
    };
  }

  const timeoutMs = check.timeoutMs ?? config.limits.checkMs;
  const controller = new AbortController();
  const context = checkContext(lab, { checkId: check.id, seed: options.seed, signal: controller.signal });
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
  // The last exchanges' ends may still be on their way (a caller's abort, a reset).
  await lab.traffic.quiet(50);
  const traffic = lab.traffic.report();
  // Faults end with the check: a paused service must not look dead to the settle below.
  lab.book.reset();
  for (const service of services.values()) await service.resume();
  // A dying service (a process giving back gigabytes, on a busy machine) may take a while to exit:
  // wait for it, so the crash is reported on the check that caused it. A live one answers at once.
  if (status !== 'pass') await Promise.all([...services.values()].filter((s) => !s.stoppedOnPurpose).map((s) => s.settle(2_000)));
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
  return {
    ...base,
    status,
    earned: status === 'pass' ? check.points : 0,
    durationMs: Math.round(performance.now() - checkRun),
    message: status === 'pass' ? 'ok' : message,
    ...(status === 'pass' ? {} : { logs: logTail() }),
    ...traffic,
  };
}
