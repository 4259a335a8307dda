import type { LabManifest, Limits } from './manifest.ts';
import type { Locale } from './locale.ts';
import { filePathsProblems } from './file-paths.ts';
import { isTypeScript, outputPath, transformModule, TransformError } from './transform.ts';

/** One file tree: relative path → text. */
export type FileTree = Record<string, string>;

/** What the grader reads from `run.json` at the root of the tree it runs in. */
export interface RunConfig {
  lab: string;
  locale: Locale;
  /** Confine each service with Node's permission model (node host only). */
  sandbox: boolean;
  limits: Limits;
  services: { name: string; dir: 'app' | 'provided'; entry: string; env: Record<string, string>; advertiseTo?: string }[];
  checks: { module: string; hidden: boolean }[];
  /** Compiled path → the learner's file name, to turn stack traces back into their names. */
  sourceNames: Record<string, string>;
  /**
   * Set when the submission cannot run (a compile error, a missing entry file): the grader then
   * starts nothing and reports every check as not run, with this reason, and status `error`.
   */
  error?: string;
  /** The seed of the run's fault schedule (`--seed`); the grader picks one when absent. */
  seed?: number;
  /**
   * How many copies of the lab ("lanes") share the checks out when grading (default 1). Each lane
   * has its own processes, ports, tmp folders and network; a check runs whole on one lane, and
   * results keep the checks' order. Serve mode runs one.
   */
  lanes?: number;
}

export interface RunTreeInput {
  manifest: LabManifest;
  /** The learner's files (TypeScript or JavaScript), at the starter's relative paths. */
  files: FileTree;
  /** Files the lab ships for its provided services. */
  provided: FileTree;
  /** Source of `checks.ts`, and of `hidden/checks.ts` when hidden checks run. */
  checks: string;
  hiddenChecks?: string;
  /** Source of the lab's optional `check-helpers.ts`, which both may import (`./check-helpers.ts`, `../check-helpers.ts`). */
  checkHelpers?: string;
  /**
   * The npm packages named in the manifest's `checkDependencies` (and what they depend on), as
   * `<package>/<path>` → text: laid out as they are under `checks/node_modules/`.
   */
  checkDependencies?: FileTree;
  /** The grader's modules, already JavaScript (see graderModules). */
  grader: FileTree;
  locale?: Locale;
  sandbox?: boolean;
  /** Grade nothing and report every check as not run for this reason (a submission that could not be read). */
  failWith?: string;
  /** The seed of the fault schedule; the same seed gives the same schedule. */
  seed?: number;
  /** Lanes to grade on side by side (RunConfig.lanes); 1 when absent. */
  lanes?: number;
}

/** A submission that cannot run at all (missing entry file, not a source file…). */
export class SubmissionError extends Error {
  override name = 'SubmissionError';
}

const MODULE_PACKAGE = JSON.stringify({ type: 'module', private: true }) + '\n';

function compileFolder(files: FileTree, prefix: string, tree: FileTree, sourceNames: Record<string, string>) {
  for (const [path, source] of Object.entries(files)) {
    const out = isTypeScript(path) ? outputPath(path) : path;
    tree[`${prefix}/${out}`] = isTypeScript(path) ? transformModule(source, path) : source;
    sourceNames[`${prefix}/${out}`] = path;
  }
  tree[`${prefix}/package.json`] = MODULE_PACKAGE;
}

/**
 * Lays out the tree a host runs `node grader/main.js` in:
 *
 *   package.json  run.json  grader/*.js  checks/{checks,check-helpers,hidden/checks}.js  app/…  provided/…
 *
 * The learner's files are compiled here, so a compile error surfaces as a TransformError
 * naming the file and line before anything starts.
 */
export function buildRunTree(input: RunTreeInput): { tree: FileTree; config: RunConfig } {
  const { manifest } = input;
  const tree: FileTree = { 'package.json': MODULE_PACKAGE };
  const sourceNames: Record<string, string> = {};
  let error: string | undefined;
  try {
    if (input.failWith) throw new SubmissionError(input.failWith);
    checkEntries(input);
    compileFolder(input.files, 'app', tree, sourceNames);
  } catch (e) {
    if (!(e instanceof TransformError || e instanceof SubmissionError)) throw e;
    error = e instanceof TransformError ? `${e.message}${SUBMISSION_WORDS[input.locale ?? 'en'].doesNotCompile}` : e.message;
    for (const key of Object.keys(tree)) if (key.startsWith('app/')) delete tree[key];
  }
  compileFolder(input.provided, 'provided', tree, sourceNames);
  for (const [path, code] of Object.entries(input.grader)) tree[`grader/${path}`] = code;
  // checks/ mirrors the lab's folder, so the checks' relative imports of check-helpers.ts resolve.
  tree['checks/package.json'] = MODULE_PACKAGE;
  tree['checks/checks.js'] = transformModule(input.checks, 'checks.ts');
  if (input.checkHelpers !== undefined) tree['checks/check-helpers.js'] = transformModule(input.checkHelpers, 'check-helpers.ts');
  for (const [path, text] of Object.entries(input.checkDependencies ?? {})) {
    if (path.split('/').includes('..')) throw new Error(`check dependency file ${path}: ".." is not allowed`);
    tree[`checks/node_modules/${path}`] = text;
  }
  const checks = [{ module: 'checks/checks.js', hidden: false }];
  if (input.hiddenChecks !== undefined) {
    tree['checks/hidden/checks.js'] = transformModule(input.hiddenChecks, 'hidden/checks.ts');
    checks.push({ module: 'checks/hidden/checks.js', hidden: true });
  }
  const config: RunConfig = {
    lab: manifest.id,
    locale: input.locale ?? 'en',
    sandbox: input.sandbox ?? false,
    limits: manifest.limits,
    services: manifest.services.map((s) => ({
      name: s.name,
      dir: s.provided ? 'provided' : 'app',
      entry: outputPath(s.entry),
      env: s.env,
      ...(s.advertiseTo ? { advertiseTo: s.advertiseTo } : {}),
    })),
    checks,
    sourceNames,
    ...(error ? { error } : {}),
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.lanes !== undefined && input.lanes > 1 ? { lanes: Math.floor(input.lanes) } : {}),
  };
  tree['run.json'] = JSON.stringify(config, null, 2);
  return { tree, config };
}

const SUBMISSION_WORDS = {
  en: {
    missingProvided: (file: string, service: string) => `the lab is missing provided/${file}, the entry of service "${service}"`,
    missing: (file: string, service: string) => `missing file ${file} (the entry of service "${service}")`,
    empty: 'the submission has no source files',
    badPath: (path: string, problem: string) => `file "${path}" is refused: ${problem}`,
    doesNotCompile: ' (your code does not compile)',
  },
  'zh-cn': {
    missingProvided: (file: string, service: string) => `实验缺少 provided/${file}（服务“${service}”的入口）`,
    missing: (file: string, service: string) => `缺少文件 ${file}（服务“${service}”的入口）`,
    empty: '提交的作业里没有源文件',
    badPath: (path: string, problem: string) => `文件“${path}”被拒绝：${problem}`,
    doesNotCompile: '（代码无法编译）',
  },
};

function checkEntries(input: RunTreeInput): void {
  const say = SUBMISSION_WORDS[input.locale ?? 'en'];
  const [bad] = filePathsProblems(Object.keys(input.files));
  if (bad) throw new SubmissionError(say.badPath(bad.path, bad.problem));
  for (const service of input.manifest.services) {
    const files = service.provided ? input.provided : input.files;
    if (!(service.entry in files)) {
      throw new SubmissionError(service.provided ? say.missingProvided(service.entry, service.name) : say.missing(service.entry, service.name));
    }
  }
  if (Object.keys(input.files).length === 0) throw new SubmissionError(say.empty);
}

/** Compiles the grader's TypeScript modules (`src/grader/*.ts`) into the JavaScript a tree carries. */
export function graderModules(sources: FileTree): FileTree {
  const out: FileTree = { 'package.json': MODULE_PACKAGE };
  for (const [path, source] of Object.entries(sources)) {
    if (path.endsWith('.spec.ts')) continue;
    out[outputPath(path)] = transformModule(source, `src/grader/${path}`);
  }
  return out;
}

