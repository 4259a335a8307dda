import { z } from 'zod';

export const checkStatus = z.enum(['pass', 'fail', 'error']);
export type CheckStatus = z.infer<typeof checkStatus>;

/** One exchange the grader saw during a check (see TrafficEntry in checks.ts). */
export const trafficEntrySchema = z.object({
  from: z.string(),
  to: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().optional(),
  error: z.string().optional(),
  fault: z.string().optional(),
  startMs: z.number(),
  durationMs: z.number(),
});
export type TrafficEntryResult = z.infer<typeof trafficEntrySchema>;

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatus,
  points: z.number(),
  earned: z.number(),
  message: z.string(),
  durationMs: z.number(),
  hidden: z.boolean(),
  /** The tail of the services' logs, attached when the check did not pass. */
  logs: z.string().optional(),
  /** Every exchange the check caused (contract); empty for a check that did not run. */
  traffic: z.array(trafficEntrySchema).default([]),
  /** How many more exchanges the check caused than `traffic` lists (it keeps the first 500). */
  trafficDropped: z.number().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** The results document: what every host reads back from the grader (contract). */
export const resultsSchema = z.object({
  version: z.literal(1),
  lab: z.string(),
  status: checkStatus,
  score: z.number(),
  maxScore: z.number(),
  durationMs: z.number(),
  /** Why the run could not grade at all (status `error`). */
  error: z.string().optional(),
  locale: z.string().optional(),
  /** The seed of the fault schedule: the same seed gives the same schedule. */
  seed: z.number().optional(),
  checks: z.array(checkResultSchema),
});
export type Results = z.infer<typeof resultsSchema>;

/** A run that could not grade: status `error`, score 0 of `maxScore`, with the reason. */
export function errorResults(lab: string, error: string, maxScore = 0, durationMs = 0): Results {
  return { version: 1, lab, status: 'error', score: 0, maxScore, durationMs, error, checks: [] };
}

/** Parses a results document, naming what is wrong when it is not one. */
export function parseResults(value: unknown): Results {
  const result = resultsSchema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(`not a results document: ${first?.path.join('.') || '(top level)'}: ${first?.message}`);
  }
  return result.data;
}

export { formatPoints, scoreText } from './score.ts';
