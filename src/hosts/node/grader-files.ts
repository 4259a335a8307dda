import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graderModules, type FileTree } from '../../engine/run-tree.ts';
import { PROJECT_ROOT } from './lab-repo.ts';

let cached: FileTree | undefined;

/** The grader's modules compiled to JavaScript, read once per process. */
export function graderFiles(): FileTree {
  if (cached) return cached;
  const dir = join(PROJECT_ROOT, 'src', 'grader');
  const sources: FileTree = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) sources[name] = readFileSync(join(dir, name), 'utf8');
  }
  cached = graderModules(sources);
  return cached;
}
