import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBMISSION_LIMITS } from '../../engine/file-paths.ts';
import { parseManifestText, type LabManifest } from '../../engine/manifest.ts';
import type { FileTree } from '../../engine/run-tree.ts';

/** The project's root folder (where package.json is). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const LABS_DIR = join(PROJECT_ROOT, 'labs');

export interface Lab {
  manifest: LabManifest;
  dir: string;
  starter: FileTree;
  solution: FileTree;
  provided: FileTree;
  checks: string;
  hiddenChecks: string | undefined;
  /** check-helpers.ts: code the public and hidden checks share (public: it ships to the browser). */
  checkHelpers: string | undefined;
  /** The manifest's checkDependencies with what they depend on, as `<package>/<path>` → text. */
  checkDependencies: FileTree;
}

const SOURCE_FILE = /\.(ts|mts|js|mjs|json)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist']);

/**
 * Reads every source file (.ts, .mts, .js, .mjs, .json) under `dir` into a tree of relative
 * paths, under the limits of a submission file (SUBMISSION_LIMITS), checked before each file is
 * read: a lab's own folders, a learner's workspace and every folder of an instructor's batch go
 * through here. Dot entries and folders like node_modules are skipped; symbolic links are never
 * followed (a link to /etc/passwd is not part of a submission). `label` names the folder in errors.
 */
export function readSourceFolder(dir: string, label = dir): FileTree {
  const tree: FileTree = {};
  let files = 0;
  let total = 0;
  let visited = 0;
  const walk = (folder: string, rel: string, depth: number) => {
    if (depth > 8) throw new Error(`${label}/${rel} is nested more than 8 folders deep`);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (++visited > 1_000) throw new Error(`${label}/ holds more than 1000 entries; a submission is at most ${SUBMISSION_LIMITS.files} source files`);
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, relPath, depth + 1);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const size = lstatSync(path).size;
        if (++files > SUBMISSION_LIMITS.files) throw new Error(`${label}/ holds more than ${SUBMISSION_LIMITS.files} source files`);
        if (size > SUBMISSION_LIMITS.fileBytes) throw new Error(`${label}/${relPath} is ${size} bytes; a file is at most ${SUBMISSION_LIMITS.fileBytes}`);
        total += size;
        if (total > SUBMISSION_LIMITS.totalBytes) throw new Error(`${label}/ holds more than ${SUBMISSION_LIMITS.totalBytes} bytes of source files`);
        tree[relPath] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(dir, '', 0);
  return tree;
}

/** Ids of every lab, sorted. */
export function listLabIds(): string[] {
  if (!existsSync(LABS_DIR)) return [];
  return readdirSync(LABS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(LABS_DIR, e.name, 'lab.json')))
    .map((e) => e.name)
    .sort();
}

export class UnknownLabError extends Error {
  override name = 'UnknownLabError';
  constructor(id: string) {
    super(`unknown lab "${id}". Labs: ${listLabIds().join(', ') || '(none)'}`);
  }
}

/** Loads a lab's manifest, files and checks. A bad manifest throws a ManifestError naming the field. */
export function loadLab(id: string, labsDir = LABS_DIR): Lab {
  const dir = join(labsDir, id);
  if (!/^[a-z][a-z0-9-]*$/.test(id) || !existsSync(join(dir, 'lab.json'))) throw new UnknownLabError(id);
  const manifest = parseManifestText(readFileSync(join(dir, 'lab.json'), 'utf8'), relative(PROJECT_ROOT, dir) || dir);
  const optionalFolder = (name: string) => (existsSync(join(dir, name)) ? readSourceFolder(join(dir, name)) : {});
  const hiddenPath = join(dir, 'hidden', 'checks.ts');
  return {
    manifest,
    dir,
    starter: readSourceFolder(join(dir, 'starter')),
    solution: optionalFolder('solution'),
    provided: optionalFolder('provided'),
    checks: readFileSync(join(dir, 'checks.ts'), 'utf8'),
    hiddenChecks: existsSync(hiddenPath) ? readFileSync(hiddenPath, 'utf8') : undefined,
    checkHelpers: existsSync(join(dir, 'check-helpers.ts')) ? readFileSync(join(dir, 'check-helpers.ts'), 'utf8') : undefined,
    checkDependencies: readCheckDependencies(manifest.checkDependencies, `${relative(PROJECT_ROOT, dir) || dir}/lab.json`),
  };
}

const PACKAGE_FILE = /\.(js|cjs|mjs|json)$|^LICEN[CS]E/i;
const MAX_PACKAGE_BYTES = 256 * 1024;

/**
 * Reads the npm packages a lab's checks import (`checkDependencies` in lab.json), and the
 * packages they depend on, from the project's node_modules: their .js/.cjs/.mjs/.json files and
 * licence, as text keyed `<package>/<path>`. Only small pure-JS packages belong here.
 */
export function readCheckDependencies(names: readonly string[], from: string, nodeModules = join(PROJECT_ROOT, 'node_modules')): FileTree {
  const tree: FileTree = {};
  const queue = [...names];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = join(nodeModules, ...name.split('/'));
    if (!existsSync(join(dir, 'package.json'))) {
      throw new Error(`${from}: checkDependencies: the package "${name}" is not installed (npm install ${name})`);
    }
    let bytes = 0;
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
        } else if (entry.isFile() && PACKAGE_FILE.test(entry.name)) {
          bytes += statSync(path).size;
          if (bytes > MAX_PACKAGE_BYTES) throw new Error(`${from}: checkDependencies: "${name}" is over ${MAX_PACKAGE_BYTES} bytes; ship only small packages`);
          tree[`${name}/${relative(dir, path).split(sep).join('/')}`] = readFileSync(path, 'utf8');
        }
      }
    };
    walk(dir);
    const pkg = JSON.parse(tree[`${name}/package.json`]!) as { dependencies?: Record<string, string> };
    queue.push(...Object.keys(pkg.dependencies ?? {}));
  }
  return tree;
}
