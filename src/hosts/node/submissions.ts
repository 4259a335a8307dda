import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SUBMISSION_LIMITS } from '../../engine/file-paths.ts';
import type { FileTree } from '../../engine/run-tree.ts';
import { parseSubmission } from '../../engine/submission.ts';
import { readSourceFolder } from './lab-repo.ts';

/** One learner's entry in a submissions folder. */
export interface SubmissionEntry {
  /** A key safe as a file name, unique in the batch: the name of the learner's output files. */
  learner: string;
  /** The learner's name as it came (folder or file name without `.json`), for the CSV and reports. */
  name: string;
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

/** The learner's name from a folder or submission file name. */
export function displayName(entryName: string): string {
  return entryName.replace(/\.submission\.json$|\.json$/i, '');
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * A key for a learner's output files: the name itself when it is already safe (Unicode letters and
 * digits, `.`, `_`, `-`, `@`; NFC), otherwise a safe version of it followed by a hash of the exact
 * name, so two different names never share a key (`学生-张三` stays as it is; `a b` → `a_b-1c2d3e4f`).
 */
export function learnerName(entryName: string): string {
  const name = displayName(entryName);
  const safe = name.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}._@-]+/gu, '_').replace(/^[.-]/, '_').slice(0, 80) || '_';
  return safe === name ? safe : `${safe}-${shortHash(name)}`;
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
        name: displayName(entry.name),
        source: path,
        load() {
          const files = readSourceFolder(path, entry.name);
          if (Object.keys(files).length === 0) throw new Error(`empty submission: ${entry.name}/ holds no .ts, .js or .json file`);
          return files;
        },
      };
    } else if (entry.isFile() && SUBMISSION_FILE.test(entry.name)) {
      item = {
        learner: learnerName(entry.name),
        name: displayName(entry.name),
        source: path,
        load() {
          let text: string;
          try {
            // A submission file holds at most 50 files of 256 KiB, JSON-escaped: refuse anything far larger unread.
            const size = statSync(path).size;
            if (size > 4 * SUBMISSION_LIMITS.totalBytes) throw new Error(`${size} bytes, far more than a submission can hold`);
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
    // Output file names must not collide, on case-insensitive file systems either (macOS, Windows):
    // `Alice/` beside `alice/`, or `bob/` beside `bob.json`, get a key with a hash of the entry's name.
    if (seen.has(item.learner.toLowerCase())) item.learner = `${item.learner}-${shortHash(entry.name)}`;
    seen.set(item.learner.toLowerCase(), path);
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
