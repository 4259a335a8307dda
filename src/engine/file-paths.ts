/**
 * The rules for a learner's file paths, wherever they come from (a folder, a submission file, the
 * page): relative, `/`-separated, each segment a plain name. A path that breaks them is refused
 * with the path named, before anything is written to disk.
 */

/** Limits for one submission, the same for folders and submission files. */
export const SUBMISSION_LIMITS = {
  files: 50,
  fileBytes: 256 * 1024,
  totalBytes: 2 * 1024 * 1024,
} as const;

const SEGMENT = /^[A-Za-z0-9_@+-][A-Za-z0-9_.@+-]*$/;

/** Why `path` is not an acceptable file path, or undefined when it is. */
export function filePathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path must be relative (it starts with /)';
  if (path.endsWith('/')) return 'the path ends with / (a folder, not a file)';
  if (path.includes('\\')) return 'the path holds a backslash; use / between folders';
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment (//)';
    if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
    if (!SEGMENT.test(segment)) return `"${segment}" is not a plain file or folder name (letters, digits, . _ - @ +)`;
  }
  return undefined;
}

/** Every problem of a set of paths: each bad path, and a path that is also another path's folder. */
export function filePathsProblems(paths: readonly string[]): { path: string; problem: string }[] {
  const problems: { path: string; problem: string }[] = [];
  const all = new Set(paths);
  for (const path of paths) {
    const problem = filePathProblem(path);
    if (problem) {
      problems.push({ path, problem });
      continue;
    }
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (all.has(folder)) problems.push({ path: folder, problem: `it is a file, but ${path} uses it as a folder` });
    }
  }
  return problems;
}

/** Throws an Error naming the first bad path (`what` says where the paths came from). */
export function assertFilePaths(paths: readonly string[], what = 'the submission'): void {
  const [first] = filePathsProblems(paths);
  if (first) throw new Error(`${what}: file "${first.path}" is refused: ${first.problem}`);
}
