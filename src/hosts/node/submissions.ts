import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FileTree } from '../../engine/run-tree.ts';
import { parseSubmission } from '../../engine/submission.ts';
import { readSourceFolder } from './lab-repo.ts';

/** One learner's entry in a submissions folder. */
export interface SubmissionEntry {
  learner: string;
  /** Folder or file it came from. */
  source: string;
  /** Reads the learner's files; throws with the reason when they cannot be graded. */
  load(): FileTree;
}

export interface Discovery {
  entries: SubmissionEntry[];
  /** Things in the folder that are not submissions, with why they were skipped. */
  skipped: { name: string; reason: string }[];
}

const SUBMISSION_FILE = /\.json$/i;

/** A learner name that is safe as a file name and in a CSV row. */
export function learnerName(name: string): string {
  return name.replace(/\.submission\.json$|\.json$/i, '').replace(/[^A-Za-z0-9._@-]+/g, '_').replace(/^\.+/, '_') || '_';
}

/**
 * Finds the submissions: one folder per learner (the lab's files at the starter's paths), or a
 * submission file exported from the site (`<learner>.json`). Anything else is reported and skipped.
 */
export function discoverSubmissions(dir: string, labId: string): Discovery {
  if (!existsSync(dir)) throw new Error(`no submissions folder ${dir}`);
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder; give the folder that holds one entry per learner`);
  const entries: SubmissionEntry[] = [];
  const skipped: Discovery['skipped'] = [];
  const seen = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let item: SubmissionEntry | undefined;
    if (entry.isDirectory()) {
      item = {
        learner: learnerName(entry.name),
        source: path,
        load() {
          const files = readSourceFolder(path);
          if (Object.keys(files).length === 0) throw new Error(`empty submission: ${entry.name}/ holds no .ts, .js or .json file`);
          return files;
        },
      };
    } else if (entry.isFile() && SUBMISSION_FILE.test(entry.name)) {
      item = {
        learner: learnerName(entry.name),
        source: path,
        load() {
          let text: string;
          try {
            text = readFileSync(path, 'utf8');
          } catch (error) {
            throw new Error(`cannot read ${entry.name}: ${(error as Error).message}`);
          }
          const submission = parseSubmission(text);
          if (submission.lab !== labId) throw new Error(`${entry.name} is a submission for lab "${submission.lab}", not "${labId}"`);
          if (Object.keys(submission.files).length === 0) throw new Error(`empty submission: ${entry.name} holds no files`);
          return submission.files;
        },
      };
    } else {
      skipped.push({ name: entry.name, reason: 'not a folder or a .json submission file' });
      continue;
    }
    const previous = seen.get(item.learner);
    if (previous) {
      skipped.push({ name: entry.name, reason: `same learner name as ${basename(previous)}` });
      continue;
    }
    seen.set(item.learner, path);
    entries.push(item);
  }
  return { entries, skipped };
}

/** `--shard 2/4`: the learners whose index in name order is 1 modulo 4. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new Error(`--shard takes i/n with 1 ≤ i ≤ n, like 1/4; got "${text}"`);
  return { index, count };
}

export function shardOf<T>(items: T[], shard: { index: number; count: number }): T[] {
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
