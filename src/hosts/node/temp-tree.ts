import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileTree } from '../../engine/run-tree.ts';

/**
 * Writes a run tree into a fresh temp folder (`<tempRoot>/<prefix>XXXXXX`) and returns the folder.
 * A path that would land outside it, or that cannot be written, removes the folder and throws an
 * error naming the path (relative, never the temp folder's absolute name).
 */
export function writeTempTree(tree: FileTree, prefix: string, tempRoot = tmpdir()): string {
  const root = mkdtempSync(join(tempRoot, prefix));
  try {
    for (const [path, text] of Object.entries(tree)) {
      const file = resolve(root, path);
      if (!file.startsWith(root + sep)) throw new Error(`file "${path}" would be written outside the run folder`);
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
      } catch (error) {
        throw new Error(`file "${path}" cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return root;
}

/** Kills a whole process group (a grader started with `detached: true` and everything it started). */
export function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
