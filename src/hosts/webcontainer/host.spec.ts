import { describe, expect, test } from 'vitest';
import { toMountTree } from './container.ts';
import { asciiLine, readLines } from './terminal.ts';

describe('toMountTree', () => {
  test('nests folders', () => {
    expect(toMountTree({ 'a/b/c.js': 'x', 'a/d.js': 'y', 'e.json': 'z' })).toEqual({
      a: { directory: { b: { directory: { 'c.js': { file: { contents: 'x' } } } }, 'd.js': { file: { contents: 'y' } } } },
      'e.json': { file: { contents: 'z' } },
    });
  });

  test('reads ./a and a//b as a and a/b: no folders named "." or ""', () => {
    expect(toMountTree({ './a.js': 'x', 'b//c.js': 'y' })).toEqual({
      'a.js': { file: { contents: 'x' } },
      b: { directory: { 'c.js': { file: { contents: 'y' } } } },
    });
  });

  test('a file and a folder of the same name is an error naming the path, in either order', () => {
    expect(() => toMountTree({ 'a/b.js': 'x', a: 'y' })).toThrow('a: a is both a file and a folder');
    expect(() => toMountTree({ a: 'y', 'a/b.js': 'x' })).toThrow('a/b.js: a is both a file and a folder');
  });

  test('refuses paths that leave the tree and paths given twice', () => {
    expect(() => toMountTree({ '../x.js': 'x' })).toThrow('../x.js: not a path inside the run tree');
    expect(() => toMountTree({ 'a.js': 'x', './a.js': 'y' })).toThrow('./a.js: a.js is given twice');
  });
});

describe('terminal lines', () => {
  test('splits \\r\\n output into lines, across chunks, and stops when cancelled', async () => {
    let controller!: ReadableStreamDefaultController<string>;
    const stream = new ReadableStream<string>({ start: (c) => void (controller = c) });
    const lines: string[] = [];
    const reader = readLines(stream, (line) => lines.push(line));
    for (const chunk of ['{"a"', ':1}\r', '\n', 'next\r\nlast']) controller.enqueue(chunk);
    await reader.quiet(50);
    expect(lines).toEqual(['{"a":1}', 'next']);
    reader.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(lines).toEqual(['{"a":1}', 'next']);
  });

  test('input lines are ASCII and parse back', () => {
    const line = asciiLine({ body: '{"name":"茶杯"}' });
    expect(/^[\x00-\x7e]*$/.test(line)).toBe(true);
    expect(JSON.parse(line)).toEqual({ body: '{"name":"茶杯"}' });
  });
});
