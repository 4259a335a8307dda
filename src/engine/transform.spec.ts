import { describe, expect, test } from 'vitest';
import { TransformError, outputPath, rewriteSpecifier, transformModule } from './transform.ts';

describe('TypeScript transform', () => {
  test('types are removed and line numbers kept', () => {
    const source = `import type { A } from './a.ts';\ninterface B { x: number }\nconst n: number = 1;\nthrow new Error(String(n));\n`;
    const code = transformModule(source, 'server.ts');
    expect(code).not.toContain('interface');
    expect(code.split('\n')[3]).toContain('throw new Error');
  });

  test('enums work (Node type stripping alone would refuse them)', async () => {
    const code = transformModule('enum Color { Red, Green }\nexport const g = Color.Green;\n', 'c.ts');
    const mod = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    expect(mod.g).toBe(1);
  });

  test('relative imports point at the compiled files', () => {
    const code = transformModule(
      `import { a } from './store';\nimport { b } from '../lib/b.ts';\nimport x from 'node:http';\nexport * from './c.js';\nconst d = await import('./d.ts');\nconsole.log(a, b, x, d);\n`,
      'server.ts',
    );
    expect(code).toContain(`from './store.js'`);
    expect(code).toContain(`from '../lib/b.js'`);
    expect(code).toContain(`from 'node:http'`);
    expect(code).toContain(`from './c.js'`);
    expect(code).toContain(`import('./d.js')`);
  });

  test('a syntax error names the file, line and column', () => {
    try {
      transformModule('const a = 1;\nconst b: number = ;\n', 'server.ts');
      throw new Error('expected a TransformError');
    } catch (error) {
      expect(error).toBeInstanceOf(TransformError);
      const e = error as TransformError;
      expect(e.file).toBe('server.ts');
      expect(e.line).toBe(2);
      expect(e.message).toMatch(/^server\.ts:2:\d+: Unexpected token$/);
    }
  });

  test('paths', () => {
    expect(outputPath('lib/a.ts')).toBe('lib/a.js');
    expect(rewriteSpecifier('./data.json')).toBe('./data.json');
    expect(rewriteSpecifier('./a.mts')).toBe('./a.mjs');
  });
});
