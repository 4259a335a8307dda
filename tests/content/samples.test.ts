/**
 * Issue 14: every code sample of the chapters, in both languages, is checked (convention:
 * tests/content/README.md). TypeScript blocks type-check under strict; complete ones that start
 * an HTTP server run on this Node and answer the requests their run="..." names; Dockerfile and
 * YAML blocks parse. A sample that breaks fails here, naming the file, block and line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import type { CodeBlock } from './extract.ts';
import { PENDING } from './pending.ts';
import { type Placed, SampleTree, TS_LANGS, chapterFiles, checkDockerfile, checkPython, checkShownAsWritten, checkYaml, loadBlocks, metaProblems, runSample } from './samples.ts';

const files = chapterFiles(PROJECT_ROOT);
const blocksByFile = new Map(files.map((file) => [file, loadBlocks(PROJECT_ROOT, file)] as const));
const checked = files.filter((file) => !PENDING.has(file));
const tree = new SampleTree(PROJECT_ROOT);
const placed = new Map<CodeBlock, Placed>();
let typeProblems: Map<string, string[]>;

beforeAll(async () => {
  for (const file of checked) {
    for (const block of blocksByFile.get(file)!) {
      if (TS_LANGS.has(block.lang) && block.options.check !== 'none' && block.metaErrors.length === 0) placed.set(block, tree.add(block));
    }
  }
  typeProblems = await tree.typecheck();
}, 240_000);

afterAll(() => tree.remove());

it('runs on a Node that strips types unflagged (22.18+)', () => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  expect(major > 22 || (major === 22 && minor >= 18), `Node ${process.versions.node}`).toBe(true);
});

it('both languages have the same chapters with the same kinds of blocks', () => {
  const en = files.filter((f) => !f.includes('/zh-cn/'));
  for (const file of en) {
    const zh = file.replace('content/docs/', 'content/docs/zh-cn/');
    expect(files, `${zh} is missing`).toContain(zh);
    const kinds = (f: string) => blocksByFile.get(f)!.map((b) => `${b.lang} ${b.options.check} ${b.options.run ?? ''}`);
    expect(kinds(zh), `${zh} has other code blocks than ${file}`).toEqual(kinds(file));
  }
});

it('the type check itself ran cleanly (no tsc or prelude errors)', () => {
  expect((typeProblems.get('(tsc)') ?? []).join('\n')).toBe('');
});

for (const file of files) {
  const blocks = blocksByFile.get(file)!;
  const ts = blocks.filter((b) => TS_LANGS.has(b.lang));
  describe(file, () => {
    if (PENDING.has(file)) {
      it.todo(`${ts.length} TypeScript blocks wait for their meta (tests/content/pending.ts)`);
      return;
    }
    it('block meta is complete (fragments name a prelude, servers name a request)', () => {
      expect(metaProblems(blocks).join('\n')).toBe('');
    });
    it('every code block is shown with all its lines (none taken for a title)', async () => {
      expect((await checkShownAsWritten(blocks)).join('\n')).toBe('');
    });
    if (ts.some((b) => b.options.check !== 'none')) {
      it('TypeScript blocks type-check under strict', () => {
        expect((typeProblems.get(file) ?? []).join('\n')).toBe('');
      });
    }
    for (const block of ts.filter((b) => b.options.run && b.metaErrors.length === 0)) {
      it(`block ${block.index} (line ${block.fenceLine}) answers ${block.options.run}`, async () => {
        expect((await runSample(tree, placed.get(block)!)).join('\n')).toBe('');
      }, 60_000);
    }
    for (const block of blocks.filter((b) => b.lang === 'dockerfile')) {
      it(`block ${block.index} (line ${block.fenceLine}) is a valid Dockerfile`, () => {
        expect(checkDockerfile(block).join('\n')).toBe('');
      });
    }
    const python = blocks.filter((b) => b.lang === 'python' || b.lang === 'py');
    if (python.length > 0) {
      it(`${python.length} Python block(s) parse (CPython's ast.parse)`, (ctx) => {
        const problems = checkPython(python);
        if (problems === undefined) {
          if (process.env.CI) throw new Error('python3 is not on the PATH; CI must check the Python samples');
          ctx.skip('python3 is not on the PATH');
        }
        expect(problems!.join('\n')).toBe('');
      });
    }
    for (const block of blocks.filter((b) => b.lang === 'yaml' || b.lang === 'yml')) {
      it(`block ${block.index} (line ${block.fenceLine}) is valid YAML`, () => {
        expect(checkYaml(block).join('\n')).toBe('');
      });
    }
  });
}
