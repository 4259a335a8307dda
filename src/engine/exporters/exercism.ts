import type { Results } from '../results.ts';
import { learnerLogs } from './learner-view.ts';

/** Exercism's test-runner `results.json`, version 3. Hidden checks never show their code. */
export function toExercism(results: Results) {
  return {
    version: 3,
    status: results.status,
    ...(results.status === 'error' ? { message: results.error ?? 'The submission could not be graded.' } : {}),
    tests: results.checks.map((c) => ({
      name: c.title,
      status: c.status,
      message: c.status === 'pass' ? null : c.message,
      output: learnerLogs(c) ?? null,
      test_code: c.hidden ? '(hidden check)' : `check "${c.id}" (${c.points} points)`,
    })),
  };
}
