/**
 * `npm run lab -- soak`: grades the same files N times and tells steady checks from flaky ones
 * (passed in some runs and failed in others). Without a seed every run draws a fresh one; with
 * `--seed S` run i uses S + i, so a soak can be replayed, and each run's seed is printed so one
 * failure can be replayed alone with `check --seed`.
 */
import type { Results } from '../engine/results.ts';
import { gradeFiles } from '../hosts/node/grade.ts';
import type { Lab } from '../hosts/node/lab-repo.ts';
import type { FileTree } from '../engine/run-tree.ts';
import type { Locale } from '../engine/locale.ts';

export interface CheckTally {
  id: string;
  title: string;
  hidden: boolean;
  passed: number;
  runs: number;
  /** Seeds of the runs it did not pass in, with the first message. */
  failures: { seed: number | undefined; message: string }[];
}

export interface SoakReport {
  runs: number;
  checks: CheckTally[];
  /** Checks that passed in some runs and not in others. */
  flaky: CheckTally[];
  seeds: (number | undefined)[];
}

export async function soak(
  lab: Lab,
  files: FileTree,
  options: { runs: number; seed?: number; hidden?: boolean; locale?: Locale; onRun?: (i: number, results: Results) => void },
): Promise<SoakReport> {
  const tallies = new Map<string, CheckTally>();
  const seeds: (number | undefined)[] = [];
  for (let i = 0; i < options.runs; i++) {
    const seed = options.seed === undefined ? undefined : options.seed + i;
    const results = await gradeFiles(lab, files, { hidden: options.hidden ?? false, sandbox: true, locale: options.locale, seed });
    seeds.push(results.seed);
    for (const check of results.checks) {
      let tally = tallies.get(check.id);
      if (!tally) tallies.set(check.id, (tally = { id: check.id, title: check.title, hidden: check.hidden, passed: 0, runs: 0, failures: [] }));
      tally.runs++;
      if (check.status === 'pass') tally.passed++;
      else tally.failures.push({ seed: results.seed, message: check.message });
    }
    options.onRun?.(i, results);
  }
  const checks = [...tallies.values()];
  return { runs: options.runs, checks, flaky: checks.filter((c) => c.passed > 0 && c.passed < c.runs), seeds };
}

/** The report `soak` prints: one line per check with its pass count, flaky ones named at the end. */
export function formatSoak(labId: string, report: SoakReport): string {
  const lines = [`${labId}: ${report.runs} run(s)`];
  const width = Math.max(...report.checks.map((c) => c.id.length), 8);
  for (const c of report.checks) {
    const mark = c.passed === c.runs ? 'steady' : c.passed === 0 ? 'fails' : 'FLAKY';
    lines.push(`  ${`${c.passed}/${c.runs}`.padStart(7)}  ${mark.padEnd(6)}  ${c.id.padEnd(width)}  ${c.title}${c.hidden ? '  (hidden)' : ''}`);
  }
  if (report.flaky.length === 0) {
    lines.push('', 'No flaky check: every check passed in all runs or in none.');
  } else {
    lines.push('', `Flaky: ${report.flaky.map((c) => c.id).join(', ')}`);
    for (const c of report.flaky) {
      const first = c.failures[0]!;
      lines.push(`  ${c.id} failed in ${c.runs - c.passed} of ${c.runs} runs, e.g. with --seed ${first.seed}: ${first.message.split('\n')[0]}`);
    }
  }
  return lines.join('\n');
}
