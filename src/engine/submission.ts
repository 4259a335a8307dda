import { z } from 'zod';

import { SUBMISSION_FORMAT } from './submission-file.ts';

export { SUBMISSION_FORMAT, makeSubmission } from './submission-file.ts';

export const submissionSchema = z.object({
  format: z.literal(SUBMISSION_FORMAT),
  version: z.literal(1),
  lab: z.string().regex(/^[a-z][a-z0-9-]*$/),
  exportedAt: z.string().optional(),
  learner: z.string().max(200).optional(),
  files: z
    .record(
      z.string().regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+$/, 'file paths are relative, without ".."'),
      z.string().max(256 * 1024, 'a file is at most 256 KiB'),
    )
    .refine((files) => Object.keys(files).length <= 50, 'at most 50 files'),
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
    throw new Error(`not a valid submission file: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return result.data;
}
