import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseManifest } from '../../engine/manifest.ts';
import { buildRunTree } from '../../engine/run-tree.ts';
import { readCheckDependencies } from './lab-repo.ts';
import { writeTempTree } from './temp-tree.ts';

const temp: string[] = [];
afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fakeNodeModules(packages: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'mslab-nm-'));
  temp.push(root);
  for (const [name, files] of Object.entries(packages)) {
    for (const [path, text] of Object.entries(files)) {
      const file = join(root, name, path);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    }
  }
  return root;
}

describe('checkDependencies', () => {
  test('reads a package, its licence and what it depends on; skips docs, types and nested node_modules', () => {
    const nm = fakeNodeModules({
      parser: {
        'package.json': JSON.stringify({ name: 'parser', main: 'dist/index.js', dependencies: { helper: '^1.0.0' } }),
        'dist/index.js': "module.exports = require('helper');",
        'dist/index.d.ts': 'export {};',
        'README.md': '# parser',
        LICENSE: 'MIT',
        'node_modules/other/index.js': 'nested',
      },
      helper: { 'package.json': JSON.stringify({ name: 'helper' }), 'index.js': 'module.exports = 42;' },
    });
    expect(Object.keys(readCheckDependencies(['parser'], 'labs/x/lab.json', nm)).sort()).toEqual(
      ['helper/index.js', 'helper/package.json', 'parser/LICENSE', 'parser/dist/index.js', 'parser/package.json'].sort(),
    );
  });

  test('a package that is not installed is named with the lab file', () => {
    const nm = fakeNodeModules({});
    expect(() => readCheckDependencies(['no-such-pkg'], 'labs/x/lab.json', nm)).toThrow(
      'labs/x/lab.json: checkDependencies: the package "no-such-pkg" is not installed (npm install no-such-pkg)',
    );
  });

  test('the manifest accepts package names only', () => {
    const base = { id: 'x', title: 'X', services: [{ name: 'api', entry: 'a.ts' }] };
    expect(parseManifest({ ...base, checkDependencies: ['prom2javascript', '@scope/pkg'] }, 'labs/x').checkDependencies).toEqual(['prom2javascript', '@scope/pkg']);
    expect(parseManifest(base, 'labs/x').checkDependencies).toEqual([]);
    expect(() => parseManifest({ ...base, checkDependencies: ['../../etc'] }, 'labs/x')).toThrow(/checkDependencies\[0\]: an npm package name/);
  });

  test('laid out under checks/node_modules, a real package resolves from check-helpers.js in Node', () => {
    const manifest = parseManifest({ id: 'x', title: 'X', services: [{ name: 'api', entry: 'a.ts' }], checkDependencies: ['prom2javascript'] }, 'labs/x');
    const helpers =
      "import { getMetricsFromIterator } from 'prom2javascript';\n" +
      "const m = await getMetricsFromIterator('# TYPE hits counter\\nhits{route=\"/a\"} 3\\n'.split('\\n')[Symbol.iterator]());\n" +
      'console.log(JSON.stringify(m.hits.data));\n';
    const { tree } = buildRunTree({
      manifest,
      files: { 'a.ts': '' },
      provided: {},
      checks: 'export default [];',
      checkHelpers: helpers,
      checkDependencies: readCheckDependencies(manifest.checkDependencies, 'labs/x/lab.json'),
      grader: {},
    });
    expect(tree['checks/node_modules/prom2javascript/package.json']).toContain('"name": "prom2javascript"');
    const root = writeTempTree(tree, 'mslab-deps-');
    temp.push(root);
    const out = execFileSync(process.execPath, [join(root, 'checks', 'check-helpers.js')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([{ labels: { route: '/a' }, value: 3 }]);
  });
});
