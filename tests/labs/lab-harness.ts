import { expect } from 'vitest';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab, type Lab } from '../../src/hosts/node/lab-repo.ts';
import type { FileTree } from '../../src/engine/run-tree.ts';
import type { Results } from '../../src/engine/results.ts';

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
