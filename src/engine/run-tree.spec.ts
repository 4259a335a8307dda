import { describe, expect, test } from 'vitest';
import { parseManifest } from './manifest.ts';
import { buildRunTree } from './run-tree.ts';

const manifest = parseManifest(
  { id: 'demo', title: 'Demo', services: [{ name: 'api', entry: 'server.ts' }, { name: 'db', entry: 'db.ts', provided: true }] },
  'labs/demo',
);
const base = { manifest, provided: { 'db.ts': 'export {};' }, checks: 'export default [];', grader: { 'main.js': '' } };

describe('run tree', () => {
  test('lays out app, provided, grader and checks; hidden checks only when asked', () => {
    const { tree, config } = buildRunTree({ ...base, files: { 'server.ts': 'const a: number = 1;' } });
    expect(Object.keys(tree).sort()).toEqual(
      ['app/package.json', 'app/server.js', 'checks/package.json', 'checks/checks.js', 'grader/main.js', 'package.json', 'provided/db.js', 'provided/package.json', 'run.json'].sort(),
    );
    expect(config.services.map((s) => [s.name, s.dir, s.entry])).toEqual([
      ['api', 'app', 'server.js'],
      ['db', 'provided', 'db.js'],
    ]);
    expect(config.error).toBeUndefined();
    const withHidden = buildRunTree({
      ...base,
      files: { 'server.ts': '' },
      hiddenChecks: "import { x } from '../check-helpers.ts';\nexport default [x];",
      checkHelpers: 'export const x = 1;',
    });
    expect(withHidden.tree['checks/hidden/checks.js']).toContain("from '../check-helpers.js'");
    expect(withHidden.tree['checks/check-helpers.js']).toBeDefined();
    expect(withHidden.config.checks).toEqual([
      { module: 'checks/checks.js', hidden: false },
      { module: 'checks/hidden/checks.js', hidden: true },
    ]);
  });

  test('check dependencies are laid out as they are under checks/node_modules; ".." is refused', () => {
    const { tree } = buildRunTree({ ...base, files: { 'server.ts': '' }, checkDependencies: { 'pkg/package.json': '{}', 'pkg/lib/index.js': 'module.exports = 1;' } });
    expect(tree['checks/node_modules/pkg/package.json']).toBe('{}');
    expect(tree['checks/node_modules/pkg/lib/index.js']).toBe('module.exports = 1;');
    expect(() => buildRunTree({ ...base, files: { 'server.ts': '' }, checkDependencies: { 'pkg/../../run.json': '{}' } })).toThrow(/"\.\." is not allowed/);
  });

  test('a compile error is carried to the grader, with no learner code laid out', () => {
    const { tree, config } = buildRunTree({ ...base, files: { 'server.ts': 'let x = ;' } });
    expect(config.error).toMatch(/^server\.ts:1:\d+: Unexpected token \(your code does not compile\)$/);
    expect(Object.keys(tree).filter((k) => k.startsWith('app/'))).toEqual([]);
  });

  test('a missing entry is carried to the grader', () => {
    const { config } = buildRunTree({ ...base, files: { 'other.ts': '' } });
    expect(config.error).toBe('missing file server.ts (the entry of service "api")');
  });
});
