/** Runs in Node: hands the browser tests every lab as the page gets it (/lab-data), plus its starter and solution. */
import type { TestProject } from 'vitest/node';
import { graderFiles } from '../../src/hosts/node/grader-files.ts';
import { listLabIds, loadLab } from '../../src/hosts/node/lab-repo.ts';

export interface RealLab {
  bundle: { manifest: unknown; provided: Record<string, string>; checks: string; checkHelpers?: string; grader: Record<string, string> };
  starter: Record<string, string>;
  solution: Record<string, string>;
  learnerEntries: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    labs: Record<string, RealLab>;
  }
}

export default function setup(project: TestProject): void {
  const labs: Record<string, RealLab> = {};
  for (const id of listLabIds()) {
    const lab = loadLab(id);
    labs[id] = {
      bundle: { manifest: lab.manifest, provided: lab.provided, checks: lab.checks, checkHelpers: lab.checkHelpers, grader: graderFiles() },
      starter: lab.starter,
      solution: lab.solution,
      learnerEntries: lab.manifest.services.filter((s) => !s.provided).map((s) => s.entry),
    };
  }
  project.provide('labs', labs);
}
