import { describe, expect, test } from 'vitest';
import { assertFilePaths, filePathProblem, filePathsProblems } from './file-paths.ts';

describe('learner file paths', () => {
  test.each([
    ['.', 'a "." segment'],
    ['..', 'a ".." segment'],
    ['x/', 'ends with /'],
    ['', 'empty'],
    ['/etc/passwd', 'relative'],
    ['a//b.ts', 'empty segment'],
    ['./a.ts', 'a "." segment'],
    ['a/../b.ts', 'a ".." segment'],
    ['a\\b.ts', 'backslash'],
    ['.hidden.ts', 'not a plain'],
    ['a b.ts', 'not a plain'],
  ])('%j is refused (%s)', (path, why) => {
    expect(filePathProblem(path)).toContain(why);
  });

  test.each(['server.ts', 'lib/a.ts', 'src/lib/util.test.ts', 'a-b_c@1+2.json'])('%j is accepted', (path) => {
    expect(filePathProblem(path)).toBeUndefined();
  });

  test('a key that is also the folder of another key is refused, naming it', () => {
    expect(filePathsProblems(['lib', 'lib/a.ts'])).toEqual([{ path: 'lib', problem: 'it is a file, but lib/a.ts uses it as a folder' }]);
    expect(() => assertFilePaths(['server.ts', 'x/'], 'alice.json')).toThrow('alice.json: file "x/" is refused: the path ends with /');
    expect(() => assertFilePaths(['a.ts', 'lib/b.ts'])).not.toThrow();
  });
});
