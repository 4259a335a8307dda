import { describe, expect, test } from 'vitest';
import type { Check } from '../engine/checks.ts';
import { runOrder, type LoadedCheck } from './run-checks.ts';

const check = (id: string, expectedMs?: number): LoadedCheck => ({
  check: { id, title: id, points: 1, expectedMs, run: async () => {} } as Check,
  hidden: false,
});

describe('runOrder', () => {
  test('the longest expected check starts first; the rest keep their order', () => {
    const checks = [check('a'), check('b', 300), check('c'), check('d', 900), check('e', 300)];
    expect(runOrder(checks).map((i) => checks[i]!.check.id)).toEqual(['d', 'b', 'e', 'a', 'c']);
  });

  test('checks without expectedMs (or with nonsense) keep the order of the file', () => {
    const checks = [check('a'), check('b', Number.NaN), check('c', -5), check('d')];
    expect(runOrder(checks)).toEqual([0, 1, 2, 3]);
  });
});
