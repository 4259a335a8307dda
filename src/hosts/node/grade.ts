import { availableParallelism, loadavg } from 'node:os';
import type { Locale } from '../../engine/locale.ts';
import { buildRunTree, type FileTree } from '../../engine/run-tree.ts';
import type { Results } from '../../engine/results.ts';
import { graderFiles } from './grader-files.ts';
import type { Lab } from './lab-repo.ts';
import { runTreeInNode } from './run-tree-in-node.ts';

export interface GradeOptions {
  /** Run the lab's hidden checks too (instructor grading). */
  hidden?: boolean;
  /** Confine services with Node's permission model (untrusted submissions). */
  sandbox?: boolean;
  locale?: Locale;
  tempRoot?: string;
  signal?: AbortSignal;
  /** Grade nothing: every check is reported as not run for this reason, with the lab's maximum score. */
  failWith?: string;
  /** The seed of the fault schedule (`--seed`); a fresh one when absent, recorded in the results. */
  seed?: number;
  /** Copies of the lab the checks are shared out over (RunConfig.lanes); defaultLanes() when absent. */
  lanes?: number;
}

/**
 * Most of a check's time is spent waiting on the lab's own timers (a TTL, a drain delay, a
 * breaker's open interval), not on the CPU, so three lanes grade a lab up to three times faster
 * on an idle 2-core machine (`npm run bench -- --only grade`). At most this many.
 */
export const GRADE_LANES = 3;

/**
 * The lanes for one grading now: GRADE_LANES on an idle machine, fewer as the machine gets busy
 * (the 1-minute load average against the cores), down to one. Extra lanes on a busy machine only
 * add booting processes, and starved services miss their short real-time deadlines (a 200 ms call
 * timeout, a 100 ms heartbeat): the scores must never depend on how busy the machine was.
 */
export function defaultLanes(cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  return Math.max(1, Math.min(GRADE_LANES, Math.round((cores - load) * 1.5)));
}

/** Grades a set of learner files against a lab in a temp folder with child processes. */
export async function gradeFiles(lab: Lab, files: FileTree, options: GradeOptions = {}): Promise<Results> {
  const results = await runOnce(lab, files, options);
  if (results.status === 'error' && results.checks.length === 0 && !options.failWith && !options.signal?.aborted) {
    // The run died without results (its grader was killed, it ran out of time): list the checks
    // as not run, with the lab's maximum score, from a run that starts no learner code.
    const listed = await runOnce(lab, {}, { ...options, failWith: results.error ?? 'the grader stopped' });
    if (listed.checks.length > 0) return { ...listed, durationMs: results.durationMs };
  }
  return results;
}

function runOnce(lab: Lab, files: FileTree, options: GradeOptions): Promise<Results> {
  const { tree } = buildRunTree({
    manifest: lab.manifest,
    files,
    provided: lab.provided,
    checks: lab.checks,
    checkHelpers: lab.checkHelpers,
    checkDependencies: lab.checkDependencies,
    hiddenChecks: options.hidden ? lab.hiddenChecks : undefined,
    grader: graderFiles(),
    locale: options.locale,
    sandbox: options.sandbox ?? true,
    failWith: options.failWith,
    seed: options.seed,
    lanes: options.lanes ?? defaultLanes(),
  });
  return runTreeInNode(tree, {
    lab: lab.manifest.id,
    timeoutMs: lab.manifest.limits.totalMs + 10_000,
    tempRoot: options.tempRoot,
    signal: options.signal,
  });
}
