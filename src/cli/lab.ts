/**
 * The learner's command line:
 *
 *   npm run lab -- list
 *   npm run lab -- start <lab-id> [--dir <folder>] [--force]
 *   npm run lab -- check <lab-id> [--dir <folder>] [--json] [--lang zh-cn] [--seed N]
 *   npm run lab -- soak <lab-id> [--dir <folder>] [--runs N] [--seed S] [--hidden]
 *
 * `check` exits 0 only on full marks; with --json, stdout carries only the results document.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { pick, isLocale, type Locale } from '../engine/locale.ts';
import { ManifestError } from '../engine/manifest.ts';
import { gradeFiles } from '../hosts/node/grade.ts';
import { listLabIds, loadLab, PROJECT_ROOT, readSourceFolder, UnknownLabError } from '../hosts/node/lab-repo.ts';
import { describeIsolation, osSandbox } from '../hosts/node/os-sandbox.ts';
import { CALLER_CWD } from './caller-cwd.ts';
import { formatResults } from './format.ts';
import { formatSoak, soak } from './soak.ts';

const USAGE = `Usage:
  npm run lab -- list                                   list the labs
  npm run lab -- start <lab-id> [--dir <folder>]        copy a lab's starter files into your workspace
  npm run lab -- check <lab-id> [--dir <folder>] [--json] [--lang en|zh-cn] [--seed N]
                                                        grade your work (exit code 0 only on full marks);
                                                        --seed N replays the same fault schedule
  npm run lab -- soak <lab-id> [--dir <folder>] [--runs N] [--seed S] [--hidden]
                                                        grade N times (default 20) and name the flaky checks
                                                        (exit code 1 when a check passed in some runs only);
                                                        --seed S uses seeds S, S+1, …; --hidden adds the
                                                        lab's hidden checks (lab authors)

Your work lives in workspace/<lab-id>/ unless you pass --dir.`;

class UsageError extends Error {}

export function workspaceDir(labId: string): string {
  return join(PROJECT_ROOT, 'workspace', labId);
}

function list(locale: Locale): void {
  const ids = listLabIds();
  for (const id of ids) {
    const lab = loadLab(id);
    const where = existsSync(workspaceDir(id)) ? `workspace/${id}` : 'not started';
    console.log(`${id.padEnd(20)} ${pick(lab.manifest.title, locale)}  (${where})`);
  }
  console.log(`\nStart one with: npm run lab -- start ${ids[0] ?? '<lab-id>'}`);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function start(labId: string, dir: string | undefined, force: boolean): Promise<void> {
  const lab = loadLab(labId);
  const target = resolve(CALLER_CWD, dir ?? workspaceDir(labId));
  const shown = relative(CALLER_CWD, target) || '.';
  if (existsSync(target) && readdirSync(target).length > 0) {
    const ok = force || (await confirm(`${shown} already holds your work. Replace it with the starter files (your files are kept in a backup folder)?`));
    if (!ok) {
      console.log(`Kept your work in ${shown}. Check it with: npm run lab -- check ${labId}${dir ? ` --dir ${dir}` : ''}`);
      console.log('To start over, run the same command with --force (your files are moved to a backup folder first).');
      return;
    }
    const backup = `${target}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, backup);
    console.log(`Your previous files are in ${relative(CALLER_CWD, backup)}`);
  }
  mkdirSync(target, { recursive: true });
  for (const [path, text] of Object.entries(lab.starter)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  for (const name of ['README.md', 'README.zh-cn.md']) {
    if (existsSync(join(lab.dir, name))) cpSync(join(lab.dir, name), join(target, name));
  }
  console.log(`Copied the starter of ${labId} to ${shown}: ${Object.keys(lab.starter).join(', ')}`);
  console.log(`Read ${join(shown, 'README.md')}, edit the files, then run: npm run lab -- check ${labId}${dir ? ` --dir ${dir}` : ''}`);
}

function workFolder(labId: string, dir: string | undefined): string {
  const folder = resolve(CALLER_CWD, dir ?? workspaceDir(labId));
  if (!existsSync(folder)) {
    throw new UsageError(
      dir
        ? `No folder ${dir}.`
        : `You have not started ${labId} yet: workspace/${labId} does not exist.\nRun: npm run lab -- start ${labId}   (or pass --dir <folder>)`,
    );
  }
  return folder;
}

async function check(labId: string, dir: string | undefined, json: boolean, locale: Locale, seed: number | undefined): Promise<number> {
  const lab = loadLab(labId);
  // Read under the same limits as an instructor's batch (a folder is at most 50 source files).
  const files = readSourceFolder(workFolder(labId, dir), dir ?? `workspace/${labId}`);
  const sandbox = osSandbox();
  if (sandbox.kind !== 'bwrap') console.error(describeIsolation(sandbox));
  const results = await gradeFiles(lab, files, { hidden: false, sandbox: true, locale, seed });
  // On a pipe stdout is asynchronous: exit only once the whole document is written (it can pass 64 KB).
  if (json) await new Promise((resolve) => process.stdout.write(JSON.stringify(results, null, 2) + '\n', resolve));
  else console.log(formatResults(results, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, title: pick(lab.manifest.title, locale) }));
  return results.status === 'pass' ? 0 : 1;
}

async function soakCommand(labId: string, dir: string | undefined, runs: number, seed: number | undefined, hidden: boolean, locale: Locale): Promise<number> {
  const lab = loadLab(labId);
  const files = readSourceFolder(workFolder(labId, dir), dir ?? `workspace/${labId}`);
  const tty = Boolean(process.stderr.isTTY);
  const report = await soak(lab, files, {
    runs,
    seed,
    hidden,
    locale,
    onRun: (i, results) => {
      const line = `run ${i + 1}/${runs}: ${results.score}/${results.maxScore} (seed ${results.seed})`;
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
      else console.error(line);
    },
  });
  if (tty) process.stderr.write('\n');
  console.log(formatSoak(labId, report));
  return report.flaky.length > 0 ? 1 : 0;
}

/** A whole number for --seed/--runs, or a usage error naming the option. */
function wholeNumber(option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${option} takes a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      lang: { type: 'string', default: process.env.LAB_LANG ?? 'en' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      hidden: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, labId, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!isLocale(values.lang)) throw new UsageError(`--lang must be en or zh-cn, not "${values.lang}"`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  switch (command) {
    case 'list':
      list(values.lang);
      return 0;
    case 'start':
    case 'init':
      if (!labId) throw new UsageError('which lab? npm run lab -- start <lab-id>');
      await start(labId, values.dir, values.force);
      return 0;
    case 'check':
      if (!labId) throw new UsageError('which lab? npm run lab -- check <lab-id>');
      return check(labId, values.dir, values.json, values.lang, wholeNumber('--seed', values.seed, 0, 0xffffffff));
    case 'soak':
      if (!labId) throw new UsageError('which lab? npm run lab -- soak <lab-id>');
      return soakCommand(labId, values.dir, wholeNumber('--runs', values.runs, 1, 1000) ?? 20, wholeNumber('--seed', values.seed, 0, 0xffffffff), values.hidden, values.lang);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError || error instanceof UnknownLabError || error instanceof ManifestError) {
      console.error(`lab: ${error.message}`);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      process.exit(2);
    }
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`lab: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
