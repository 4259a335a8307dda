import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist']);

/**
 * Reads every source file (.ts, .mts, .js, .mjs, .json) under `dir` into a tree of relative
 * paths. Folders like node_modules are skipped; files over `maxBytes` are refused.
 */
export function readSourceFolder(dir: string, maxBytes = 256 * 1024): FileTree {
  const tree: FileTree = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const size = statSync(path).size;
        const rel = relative(dir, path).split(sep).join('/');
        if (size > maxBytes) throw new Error(`${rel} is ${size} bytes; the limit is ${maxBytes}`);
        tree[rel] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(dir);
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
