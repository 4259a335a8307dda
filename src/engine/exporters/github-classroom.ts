import type { Results } from '../results.ts';

/** The result object GitHub Classroom's autograding reporter reads (before base64). */
export function toGithubClassroom(results: Results) {
  return {
    version: 1,
    status: results.status,
    max_score: results.maxScore,
    tests: results.checks.map((c) => ({
      name: c.hidden ? `${c.title} (hidden)` : c.title,
      status: c.status,
      score: c.earned,
      message: c.status === 'pass' ? '' : c.message,
      duration: Math.round(c.durationMs),
    })),
  };
}

/** Base64 of the UTF-8 JSON, as GitHub Classroom's `result` output expects. Works in browsers and Node. */
export function toGithubClassroomBase64(results: Results): string {
  const bytes = new TextEncoder().encode(JSON.stringify(toGithubClassroom(results)));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
