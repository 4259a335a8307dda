import type { CheckResult } from '../results.ts';

/**
 * What a learner may see of a check's run beside its message. A hidden check's service output
 * replays its requests (paths, bodies), so learner-facing outputs (feedback, GitHub Classroom,
 * Exercism, JUnit) never carry it; its traffic is never exported either. The instructor's results
 * JSON keeps both.
 */
export function learnerLogs(check: CheckResult): string | undefined {
  return check.hidden ? undefined : check.logs;
}
