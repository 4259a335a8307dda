import { describe, expect, test } from 'vitest';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab, type Lab } from '../../src/hosts/node/lab-repo.ts';
import type { FileTree } from '../../src/engine/run-tree.ts';
import type { Results } from '../../src/engine/results.ts';
import { soak } from '../../src/cli/soak.ts';

export { loadLab };

/** A copy of the lab's solution with `replacements` applied to `file`. Each `from` must occur. */
export function breakSolution(lab: Lab, file: string, replacements: [from: string | RegExp, to: string][]): FileTree {
  const files = { ...lab.solution };
  let text = files[file];
  if (text === undefined) throw new Error(`${lab.manifest.id}: solution has no ${file}`);
  for (const [from, to] of replacements) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${lab.manifest.id}/${file}: "${from}" not found, the variant would not break anything`);
    text = next;
  }
  files[file] = text;
  return files;
}

/** Grades with hidden checks on, in the sandbox, as the instructor would. */
export function grade(lab: Lab, files: FileTree): Promise<Results> {
  return gradeFiles(lab, files, { hidden: true, sandbox: true });
}

/** Asserts that `checkId` did not pass, showing the whole results document when it did. */
export function expectCheckFails(results: Results, checkId: string): void {
  const check = results.checks.find((c) => c.id === checkId);
  expect(check, `no check "${checkId}" in ${JSON.stringify(results.checks.map((c) => c.id))}`).toBeDefined();
  expect(check!.status, `check ${checkId} should fail on this variant:\n${JSON.stringify(results, null, 2)}`).not.toBe('pass');
  expect(check!.message.length).toBeGreaterThan(10);
  // The variant must break this check, not stop the whole lab: a service that never started
  // fails every check and would prove nothing.
  const others = results.checks.filter((c) => c.id !== checkId);
  if (others.length > 0) {
    expect(others.some((c) => c.status === 'pass'), `a variant for ${checkId} should leave other checks passing:\n${summary(results)}`).toBe(true);
  }
}

export function summary(results: Results): string {
  return results.checks.map((c) => `${c.status} ${c.id}: ${c.message}`).join('\n');
}

/**
 * The traffic record of a graded solution, as every lab must have it: each check recorded the
 * exchanges it caused, its own requests from "grader", every end a service of the lab, every
 * exchange with an outcome (a status or a transport error), times counted from the check's start.
 */
export function expectTrafficRecorded(lab: Lab, results: Results): void {
  const names = new Set([...lab.manifest.services.map((s) => s.name), 'grader']);
  for (const check of results.checks) {
    const where = `${check.id}: ${JSON.stringify(check.traffic)}`;
    expect(check.traffic.length, `${check.id} recorded no traffic`).toBeGreaterThan(0);
    expect(check.traffic.some((e) => e.from === 'grader'), where).toBe(true);
    for (const e of check.traffic) {
      expect(names.has(e.from) && names.has(e.to) && e.from !== e.to, where).toBe(true);
      expect(e.startMs >= 0 && e.durationMs >= 0, where).toBe(true);
      expect(e.status !== undefined || e.error !== undefined, where).toBe(true);
      expect(e.path.startsWith('/'), where).toBe(true);
    }
  }
  if (lab.manifest.services.length > 1) {
    expect(results.checks.some((c) => c.traffic.some((e) => e.from !== 'grader')), 'no exchange between services was recorded').toBe(true);
  }
}

/** Soak runs per lab test: LAB_SOAK_RUNS overrides the lab's own number (20 is the issue's bar). */
function soakRuns(wanted: number): number {
  const override = Number(process.env.LAB_SOAK_RUNS);
  return Number.isInteger(override) && override > 0 ? override : wanted;
}

type Replacements = [from: string | RegExp, to: string][];
/** Per check id: replacements in the default file, or in a named file of the solution. */
export type Variants = Record<string, Replacements | { file: string; replacements: Replacements }>;

/**
 * The tests every lab gets: the solution scores full marks (hidden checks included), the starter
 * runs but does not, and every check, public or hidden, fails on a purpose-made broken variant
 * of the solution while other checks still pass.
 */
export function describeLab(
  id: string,
  options: {
    file?: string;
    variants: Variants;
    starter?: (results: Results) => void;
    /** Lab-specific assertions on the solution's traffic record. */
    traffic?: (results: Results) => void;
    /** How many seeded runs the soak test grades (default 20); LAB_SOAK_RUNS overrides it. */
    soakRuns?: number;
  },
): void {
  const lab = loadLab(id);
  describe(`lab ${id}`, () => {
    test('the solution gets full marks, hidden checks included, and every check has a broken variant', async () => {
      const results = await grade(lab, lab.solution);
      expect(results.status, summary(results)).toBe('pass');
      expect(results.score).toBe(results.maxScore);
      expect(results.checks.some((c) => c.hidden)).toBe(true);
      expect(results.checks.length).toBeGreaterThanOrEqual(5);
      expect(Object.keys(options.variants).sort()).toEqual(results.checks.map((c) => c.id).sort());
      expectTrafficRecorded(lab, results);
      options.traffic?.(results);
    });

    const runs = soakRuns(options.soakRuns ?? 20);
    test(`the solution is steady: every check passes in each of ${runs} runs with fresh seeds`, async () => {
      const report = await soak(lab, lab.solution, { runs, hidden: true });
      const counts = report.checks.map((c) => `${c.passed}/${c.runs} ${c.id}${c.failures[0] ? ` (seed ${c.failures[0].seed}: ${c.failures[0].message})` : ''}`);
      expect(report.checks.every((c) => c.passed === runs), counts.join('\n')).toBe(true);
      expect(new Set(report.seeds).size).toBe(runs);
    }, runs * 20_000);

    test('the starter runs but does not get full marks', async () => {
      const results = await grade(lab, lab.starter);
      expect(results.status).toBe('fail');
      expect(results.score).toBeLessThan(results.maxScore);
      expect(results.checks.every((c) => c.message.length > 0)).toBe(true);
      options.starter?.(results);
    });

    test("a Chinese learner reads every failing check's message in Chinese", async () => {
      const results = await gradeFiles(lab, lab.starter, { hidden: true, sandbox: true, locale: 'zh-cn' });
      const failing = results.checks.filter((c) => c.status !== 'pass');
      expect(failing.length).toBeGreaterThan(0);
      for (const check of failing) {
        expect(check.title, check.id).toMatch(/[\u4e00-\u9fff]/);
        expect(check.message, `${check.id}: ${check.message}`).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    test.each(Object.entries(options.variants))('check %s fails on its broken variant', async (checkId, variant) => {
      const { file, replacements } = Array.isArray(variant) ? { file: options.file!, replacements: variant } : variant;
      const results = await grade(lab, breakSolution(lab, file, replacements));
      expectCheckFails(results, checkId);
    });
  });
}
