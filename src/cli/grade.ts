/**
 * Instructor grading (contract):
 *
 *   npm run grade -- <lab-id> <submissions> --out <folder> [--jobs N] [--public-only] [--resume] [--shard i/n] [--seed N]
 *   npm run grade -- merge <folder>… --out <folder>
 *
 * Hidden checks run unless --public-only. Every submission runs sandboxed (see src/hosts/node).
 * Results are written as each learner finishes; an interrupted batch keeps them, --resume skips them.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorResults, scoreText, type Results } from '../engine/results.ts';
import { pick } from '../engine/locale.ts';
import { ManifestError } from '../engine/manifest.ts';
import { defaultLanes, gradeFiles } from '../hosts/node/grade.ts';
import { loadLab, UnknownLabError } from '../hosts/node/lab-repo.ts';
import { describeIsolation, osSandbox } from '../hosts/node/os-sandbox.ts';
import { InProgress } from '../hosts/node/in-progress.ts';
import { discoverSubmissions, parseShard, shardOf } from '../hosts/node/submissions.ts';
import { mergeOutputs, readAllResults, summarize, writeGradesCsv, writeLearnerOutputs } from '../hosts/node/grade-output.ts';
import { CALLER_CWD } from './caller-cwd.ts';
import { painter } from './format.ts';

const USAGE = `Usage:
  npm run grade -- <lab-id> <submissions> --out <folder> [--jobs N] [--public-only] [--resume] [--shard i/n] [--seed N] [--require-sandbox]
  npm run grade -- merge <folder>... --out <folder>

--require-sandbox refuses to grade where submissions cannot be isolated (no bubblewrap).
<submissions> holds one entry per learner: a folder named after the learner with the lab's files
at the starter's paths, or a submission file (<learner>.json) downloaded from the course site.
--seed N gives every learner the same fault schedule (default: a fresh seed per run, recorded in
each results document).`;

class UsageError extends Error {}

function progressLine(done: number, total: number, last: string, width = 28): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}  ${last}`.slice(0, (process.stderr.columns || 100) - 1);
}

async function grade(labId: string, submissionsDir: string, options: { out: string; jobs: number; publicOnly: boolean; resume: boolean; shard?: string; seed?: number; requireSandbox: boolean }): Promise<number> {
  const lab = loadLab(labId);
  const sandbox = osSandbox();
  if (sandbox.kind !== 'bwrap' && options.requireSandbox) {
    throw new UsageError(`--require-sandbox: submissions cannot be isolated here: ${sandbox.reason}`);
  }
  console.log(describeIsolation(sandbox));
  const out = resolve(CALLER_CWD, options.out);
  const discovery = discoverSubmissions(resolve(CALLER_CWD, submissionsDir), labId);
  let entries = discovery.entries;
  if (options.shard) entries = shardOf(entries, parseShard(options.shard));
  for (const { name, reason } of discovery.skipped) console.log(`skipped ${name}: ${reason}`);
  const done = options.resume ? readAllResults(out) : new Map<string, Results>();
  const inProgress = new InProgress(join(out, '.in-progress'));
  const todo = entries.filter((e) => !done.has(e.learner));
  if (options.resume && done.size) console.log(`--resume: ${entries.length - todo.length} learner(s) already graded in ${options.out}`);
  const title = pick(lab.manifest.title, 'en');
  const tty = Boolean(process.stderr.isTTY);
  const paint = painter(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  // Jobs already grade side by side, and they use the cores better than lanes do (a lane boots a
  // whole copy of the lab): 100 hello-service submissions with --jobs 2 took 18.3 s on two lanes
  // each and 11.8 s on one (npm run bench -- --only batch). One job alone gets the default lanes.
  const lanes = options.jobs > 1 ? 1 : defaultLanes();
  console.log(`Grading ${todo.length} submission(s) of ${labId} with ${options.jobs} job(s)${options.publicOnly ? ', public checks only' : ', hidden checks included'}…`);

  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    console.error('\nInterrupted: stopping the running submissions; finished ones are kept (use --resume).');
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const started = performance.now();
  let finished = 0;
  let next = 0;
  const worker = async () => {
    while (!controller.signal.aborted && next < todo.length) {
      const entry = todo[next++]!;
      const gradeOptions = { hidden: !options.publicOnly, sandbox: true, signal: controller.signal, seed: options.seed, lanes };
      let results: Results;
      // A batch that died while grading this learner (twice, with --resume) does not try again.
      const attempts = inProgress.begin(entry.learner);
      if (options.resume && attempts > 2) {
        // Lists every check with the lab's maximum score, starting none of the learner's code.
        const reason = 'not graded again: the batch stopped twice while grading this submission (its run killed or wedged the grader)';
        results = await gradeFiles(lab, {}, { ...gradeOptions, failWith: reason }).catch(() => errorResults(labId, reason));
      } else try {
        let files: Record<string, string> | undefined;
        let unreadable: string | undefined;
        try {
          files = entry.load();
        } catch (error) {
          unreadable = (error as Error).message;
        }
        // An unreadable submission still goes through the grader, so its report lists every
        // check and the lab's maximum score.
        results = files ? await gradeFiles(lab, files, gradeOptions) : await gradeFiles(lab, {}, { ...gradeOptions, failWith: unreadable });
      } catch (error) {
        results = errorResults(labId, `The grader failed: ${(error as Error).message}`);
      }
      if (controller.signal.aborted) {
        inProgress.forget(entry.learner); // stopped by the instructor, not by the submission
        return;
      }
      done.set(entry.learner, writeLearnerOutputs(out, entry.learner, results, title, entry.name));
      inProgress.forget(entry.learner);
      writeGradesCsv(out, labId, done);
      finished++;
      const line = `${entry.name} ${scoreText(results)} ${results.status}${results.error ? ` (${results.error.split('\n')[0]})` : ''}`;
      if (tty) process.stderr.write(`\r\x1b[K${progressLine(finished, todo.length, line)}`);
      else console.log(`[${finished}/${todo.length}] ${line}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, todo.length)) }, worker));
  if (tty) process.stderr.write('\n');
  writeGradesCsv(out, labId, done);
  const seconds = (performance.now() - started) / 1000;

  const summary = summarize(new Map([...done].filter(([learner]) => entries.some((e) => e.learner === learner))));
  console.log('');
  console.log(`${paint('green', `pass ${summary.counts.pass}`)}  ${paint('red', `fail ${summary.counts.fail}`)}  ${paint('yellow', `error ${summary.counts.error}`)}  in ${seconds.toFixed(1)} s (${(finished / Math.max(seconds, 0.001)).toFixed(1)} submissions/s)`);
  console.log('\nScores (share of the maximum):');
  for (const line of summary.histogram) console.log(`  ${line}`);
  if (summary.slowest.length) {
    console.log('\nSlowest:');
    for (const s of summary.slowest) console.log(`  ${s.learner.padEnd(24)} ${s.seconds.toFixed(1)} s`);
  }
  console.log(`\nWrote ${options.out}/grades.csv, results/, feedback/, github-classroom/, exercism/, junit/`);
  return controller.signal.aborted ? 130 : 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      jobs: { type: 'string' },
      'public-only': { type: 'boolean', default: false },
      resume: { type: 'boolean', default: false },
      shard: { type: 'string' },
      'require-sandbox': { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError('--out <folder> is required');
  if (positionals[0] === 'merge') {
    const folders = positionals.slice(1).map((f) => resolve(CALLER_CWD, f));
    if (folders.length === 0) throw new UsageError('merge needs the shard folders: npm run grade -- merge out-1 out-2 --out all');
    const { lab, learners } = mergeOutputs(folders, resolve(CALLER_CWD, values.out));
    console.log(`Merged ${learners} learner(s) of ${lab} into ${values.out}/grades.csv`);
    return 0;
  }
  const [labId, submissions, ...rest] = positionals;
  if (!labId || !submissions) throw new UsageError('give a lab id and a submissions folder');
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs takes a whole number from 1 to 64, not "${values.jobs}"`);
  if (values.shard) parseShard(values.shard);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!/^\d+$/.test(values.seed!) || seed > 0xffffffff)) throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not "${values.seed}"`);
  return grade(labId, submissions, { out: values.out, jobs, publicOnly: values['public-only'], resume: values.resume, shard: values.shard, seed, requireSandbox: values['require-sandbox'] });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof UsageError || error instanceof UnknownLabError || error instanceof ManifestError;
    console.error(`grade: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(known || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1);
  },
);
