import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toExercism } from '../../engine/exporters/exercism.ts';
import { toGithubClassroomBase64 } from '../../engine/exporters/github-classroom.ts';
import { toJunit } from '../../engine/exporters/junit.ts';
import { toMarkdown } from '../../engine/exporters/markdown.ts';
import { parseResults, type Results } from '../../engine/results.ts';

export const CSV_HEADER = 'learner,lab,score,max_score,status';

/** Every file a learner's grading leaves in the output folder, relative to it. */
export function learnerFiles(learner: string): string[] {
  return [
    `results/${learner}.json`,
    `feedback/${learner}.md`,
    `github-classroom/${learner}.txt`,
    `exercism/${learner}/results.json`,
    `junit/${learner}.xml`,
  ];
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Writes one learner's results and reports under `learner` (the safe key); the results document
 * records the learner's own `name`. It goes last: it marks the learner done (for --resume).
 */
export function writeLearnerOutputs(out: string, learner: string, results: Results, title?: string, name = learner): Results {
  const [resultsFile, feedback, classroom, exercism, junit] = learnerFiles(learner).map((f) => join(out, f)) as [string, string, string, string, string];
  const named: Results = { ...results, learner: name };
  writeAtomic(feedback, toMarkdown(named, { learner: name, title }));
  writeAtomic(classroom, toGithubClassroomBase64(named) + '\n');
  writeAtomic(exercism, JSON.stringify(toExercism(named), null, 2) + '\n');
  writeAtomic(junit, toJunit(named, name));
  writeAtomic(resultsFile, JSON.stringify(named, null, 2) + '\n');
  return named;
}

/** Learners with a valid results document in `out` (for --resume and merge). */
export function readAllResults(out: string): Map<string, Results> {
  const found = new Map<string, Results>();
  const dir = join(out, 'results');
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    try {
      found.set(name.slice(0, -'.json'.length), parseResults(JSON.parse(readFileSync(join(dir, name), 'utf8'))));
    } catch {
      // A half-written or foreign file: the learner is graded again.
    }
  }
  return found;
}

/**
 * One CSV cell. A text cell that a spreadsheet would read as a formula (it begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return: OWASP "CSV injection") gets a leading `'`.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** grades.csv from every results document in `out`, one row per learner in name order. */
export function writeGradesCsv(out: string, lab: string, all: Map<string, Results> = readAllResults(out)): void {
  const rows = [...all]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, results]) => results.lab === lab)
    .map(([learner, r]) => [r.learner ?? learner, r.lab, r.score, r.maxScore, r.status].map(csvField).join(','));
  writeAtomic(join(out, 'grades.csv'), [CSV_HEADER, ...rows].join('\n') + '\n');
}

/** Copies every learner's outputs from shard folders into `out`; a learner graded twice keeps the last copy. */
export function mergeOutputs(folders: string[], out: string): { lab: string; learners: number } {
  let lab: string | undefined;
  const learners = new Set<string>();
  for (const folder of folders) {
    if (!existsSync(join(folder, 'results'))) throw new Error(`${folder} has no results/ folder: is it the --out of a grade run?`);
    for (const [learner, results] of readAllResults(folder)) {
      if (lab && results.lab !== lab) throw new Error(`${folder}: results for lab "${results.lab}", but the other shards are "${lab}"`);
      lab = results.lab;
      for (const file of learnerFiles(learner)) {
        const from = join(folder, file);
        if (!existsSync(from)) continue;
        mkdirSync(dirname(join(out, file)), { recursive: true });
        copyFileSync(from, join(out, file));
      }
      learners.add(learner);
    }
  }
  if (!lab) throw new Error('no results found in the given folders');
  writeGradesCsv(out, lab);
  return { lab, learners: learners.size };
}

export interface BatchSummary {
  counts: Record<'pass' | 'fail' | 'error', number>;
  histogram: string[];
  slowest: { learner: string; seconds: number }[];
}

/** Counts by status, a score histogram in tenths of the maximum, and the slowest submissions. */
export function summarize(all: Map<string, Results>): BatchSummary {
  const counts = { pass: 0, fail: 0, error: 0 };
  const buckets = new Array<number>(11).fill(0);
  for (const r of all.values()) {
    counts[r.status]++;
    const share = r.maxScore > 0 ? r.score / r.maxScore : 0;
    buckets[Math.floor(share * 10)]!++;
  }
  const max = Math.max(1, ...buckets);
  const histogram = buckets.map((n, i) => {
    const label = i === 10 ? '   100%' : `${String(i * 10).padStart(3)}-${String(i * 10 + 9).padStart(2)}%`;
    return `${label} │${'█'.repeat(Math.round((n / max) * 30))} ${n}`;
  });
  const slowest = [...all]
    .map(([learner, r]) => ({ learner, seconds: r.durationMs / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5);
  return { counts, histogram, slowest };
}
