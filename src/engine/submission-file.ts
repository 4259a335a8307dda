/** The file "Download my work" saves in the page and `npm run grade` accepts (its schema: submission.ts). */
export const SUBMISSION_FORMAT = 'microservices-course-submission';

export interface SubmissionFile {
  format: typeof SUBMISSION_FORMAT;
  version: 1;
  lab: string;
  exportedAt?: string;
  learner?: string;
  files: Record<string, string>;
}

export function makeSubmission(lab: string, files: Record<string, string>, learner?: string): SubmissionFile {
  return { format: SUBMISSION_FORMAT, version: 1, lab, exportedAt: new Date().toISOString(), ...(learner ? { learner } : {}), files };
}
