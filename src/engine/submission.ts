import { z } from 'zod';

import { filePathsProblems, SUBMISSION_LIMITS } from './file-paths.ts';
import { SUBMISSION_FORMAT } from './submission-file.ts';

export { SUBMISSION_FORMAT, makeSubmission } from './submission-file.ts';

export const submissionSchema = z.object({
  format: z.literal(SUBMISSION_FORMAT),
  version: z.literal(1),
  lab: z.string().regex(/^[a-z][a-z0-9-]*$/),
  exportedAt: z.string().optional(),
  learner: z.string().max(200).optional(),
  files: z
    .record(z.string(), z.string().max(SUBMISSION_LIMITS.fileBytes, `a file is at most ${SUBMISSION_LIMITS.fileBytes / 1024} KiB`))
    .refine((files) => Object.keys(files).length <= SUBMISSION_LIMITS.files, `at most ${SUBMISSION_LIMITS.files} files`)
    .refine(
      (files) => Object.values(files).reduce((sum, text) => sum + text.length, 0) <= SUBMISSION_LIMITS.totalBytes,
      `at most ${SUBMISSION_LIMITS.totalBytes / 1024 / 1024} MiB in all`,
    )
    .superRefine((files, ctx) => {
      for (const { path, problem } of filePathsProblems(Object.keys(files))) {
        ctx.addIssue({ code: 'custom', path: [path], message: `file "${path}" is refused: ${problem}` });
      }
    }),
});
export type Submission = z.infer<typeof submissionSchema>;

/** Parses a submission file's text; the error says what is wrong with it. */
export function parseSubmission(text: string): Submission {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a submission file: the JSON is corrupt (${(error as Error).message})`);
  }
  const result = submissionSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path[0] === 'files' && issue.path.length > 1 ? 'files' : issue.path.join('.') || '(top level)';
    throw new Error(`not a valid submission file: ${where}: ${issue.message}`);
  }
  return result.data;
}
