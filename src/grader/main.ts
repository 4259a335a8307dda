/**
 * The grader: runs INSIDE a host's container, in the tree laid out by the engine's buildRunTree.
 *
 *   node grader/main.js [<tree root>]            grade: print one results document
 *   node grader/main.js [<tree root>] --serve    run the services for the learner (see serve.ts)
 *
 * Starts every service of the lab behind its edge proxies, waits until they listen, runs the
 * checks with a time limit each (run-checks.ts; on `lanes` copies of the lab side by side),
 * stops everything and prints ONE results document (JSON) on stdout. Nothing else is printed on
 * stdout; services' output is piped here.
 * The run's seed (run.json `seed`, else a fresh one) drives every seeded fault and is recorded.
 */
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Check, GRADER_CALLER } from '../engine/checks.ts';
import type { RunConfig } from '../engine/run-tree.ts';
import type { CheckResult, Results } from '../engine/results.ts';
import { jsonLine } from './json-line.ts';
import { LabServices } from './lab-services.ts';
import { say, setLanguage, words } from './messages.ts';
import { freshSeed } from './random.ts';
import { runChecks, type LoadedCheck } from './run-checks.ts';
import { serve } from './serve.ts';

/** The checks' own requests (the grader ships without the engine: a literal, typed to match). */
const GRADER: typeof GRADER_CALLER = 'grader';

const root = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const config: RunConfig = JSON.parse(readFileSync(join(root, 'run.json'), 'utf8'));
const seed = typeof config.seed === 'number' && Number.isInteger(config.seed) ? config.seed : freshSeed();
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
  const lab = config.error ? undefined : await LabServices.create(config, root, { seed, external: GRADER });
  const booting = lab?.start();
  trace('services starting');
  const document = { version: 1 as const, lab: config.lab, seed, locale: config.locale };
  let checks: LoadedCheck[];
  try {
    checks = await loadChecks();
    trace('checks loaded');
  } catch (error) {
    await booting;
    await lab?.stop();
    return print({
      ...document,
      status: 'error',
      score: 0,
      maxScore: 0,
      durationMs: Math.round(performance.now() - started),
      error: `The lab's checks could not be loaded: ${(error as Error).message}`,
      checks: [],
    });
  }

  if (config.error || !lab) {
    const reason = config.error ?? 'no services';
    const notRun: CheckResult[] = checks.map(({ check, hidden }) => ({
      id: check.id,
      title: say(check.title),
      status: 'error',
      points: check.points,
      earned: 0,
      message: words().notRun(reason),
      durationMs: 0,
      hidden,
      traffic: [],
    }));
    return print({
      ...document,
      status: 'error',
      score: 0,
      maxScore: notRun.reduce((sum, c) => sum + c.points, 0),
      durationMs: Math.round(performance.now() - started),
      error: reason,
      checks: notRun,
    });
  }

  // Never more lanes than checks. Every lane is up before the first check starts: a check that ran
  // while other lanes were starting would share the CPU with a dozen booting Node processes.
  const more = Array.from({ length: Math.max(0, Math.min(config.lanes ?? 1, checks.length) - 1) }, async (_, i) => {
    const copy = await LabServices.create(config, root, { seed, external: GRADER, lane: i + 1 });
    await copy.start();
    return copy;
  });
  const lanes = [lab, ...(await Promise.all(more))];
  await booting;
  trace('services ready');
  // The whole run has a time limit too: past it, whatever is left is reported as not run.
  const results = await runChecks(lanes, checks, config, { seed, deadline: started + config.limits.totalMs });
  trace(`checks done on ${lanes.length} lane(s)`);
  await Promise.all(lanes.map((l) => l.stop()));
  trace('services stopped');
  return print({
    ...document,
    status: results.length > 0 && results.every((c) => c.status === 'pass') ? 'pass' : 'fail',
    score: results.reduce((sum, c) => sum + c.earned, 0),
    maxScore: results.reduce((sum, c) => sum + c.points, 0),
    durationMs: Math.round(performance.now() - started),
    checks: results,
  });
}

(process.argv.includes('--serve') ? serve(config, root, seed) : main()).catch((error) => {
  process.stderr.write(`grader crashed: ${(error as Error)?.stack ?? error}\n`);
  process.exit(70);
});
