/**
 * Issue 14: in most single-answer self-check questions the right option was the longest, so a
 * learner could guess without reading. Across the chapters of each language, the right option may
 * be the longest in at most a third of the single-answer questions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import { PENDING } from './pending.ts';
import { longestIsRight, readQuizzes } from './quizzes.ts';
import { chapterFiles } from './samples.ts';

const files = chapterFiles(PROJECT_ROOT).filter((f) => !PENDING.has(f));

describe.each([
  ['English', files.filter((f) => !f.includes('/zh-cn/'))],
  ['Chinese', files.filter((f) => f.includes('/zh-cn/'))],
])('self-check questions (%s)', (_, chapterSet) => {
  const quizzes = chapterSet.flatMap((f) => readQuizzes(f, readFileSync(join(PROJECT_ROOT, f), 'utf8')));

  it('every <Quiz> was read with its options', () => {
    for (const q of quizzes) expect(q.options.length, `${q.file}:${q.line}: options not read`).toBeGreaterThanOrEqual(2);
    expect(quizzes.length).toBeGreaterThan(0);
  });

  it('the right option is the longest in at most a third of the single-answer questions', () => {
    const { single, giveaway } = longestIsRight(quizzes);
    const list = giveaway.map((q) => `${q.file}:${q.line}`).join(', ');
    expect(giveaway.length, `${giveaway.length} of ${single.length}: ${list}`).toBeLessThanOrEqual(Math.ceil(single.length / 3));
  });
});

it('the reader recognises a giveaway (the checker can fail)', () => {
  const text = `<Quiz\n  question="Q?"\n  options={[\n    { text: 'short', explain: 'x' },\n    { text: 'the much longer right one', correct: true, explain: 'y' },\n  ]}\n/>\n`;
  const { single, giveaway } = longestIsRight(readQuizzes('x.mdx', text));
  expect([single.length, giveaway.length]).toEqual([1, 1]);
  expect(longestIsRight(readQuizzes('x.mdx', text.replace("'short'", "'a distractor that is longer still'"))).giveaway).toEqual([]);
});
