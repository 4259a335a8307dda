import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree } from '../../engine/run-tree.ts';

/** Writes a run tree into a fresh temp folder (`<tempRoot>/<prefix>XXXXXX`) and returns the folder. */
export function writeTempTree(tree: FileTree, prefix: string, tempRoot = tmpdir()): string {
  const root = mkdtempSync(join(tempRoot, prefix));
  for (const [path, text] of Object.entries(tree)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
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
