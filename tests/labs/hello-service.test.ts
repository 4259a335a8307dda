import { describe, expect, test } from 'vitest';
import { breakSolution, expectCheckFails, grade, loadLab, summary } from './lab-harness.ts';

const lab = loadLab('hello-service');

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Record<string, [string | RegExp, string][]> = {
  health: [["sendJson(res, 200, { status: 'ok' })", "sendJson(res, 200, { status: 'up' })"]],
  'create-item': [['{ location: `/items/${item.id}` }', '{}']],
  'read-item': [['return sendJson(res, 200, item);', 'return sendJson(res, 200, { ...item, price: 0 });']],
  'invalid-json': [["return 'the body is not valid JSON';", "return { name: 'x', price: 1 };"]],
  'invalid-item': [["if (typeof name !== 'string' || name.trim() === '') return '\"name\" must be a non-empty string';", ''], ["if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) return '\"price\" must be a number >= 0';", '']],
  'unknown-route': [['sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });', "res.end('nope');"]],
  'distinct-ids': [['String(nextId++)', "'1'"]],
  'missing-item': [['if (!item) return sendJson(res, 404, { error: `no item with id ${match[1]}` });', "if (!item) return sendJson(res, 200, {});"]],
};

describe('lab hello-service', () => {
  test('the solution gets full marks, hidden checks included', async () => {
    const results = await grade(lab, lab.solution);
    expect(results.status, summary(results)).toBe('pass');
    expect(results.score).toBe(results.maxScore);
    expect(results.checks.some((c) => c.hidden)).toBe(true);
    expect(results.checks.length).toBeGreaterThanOrEqual(5);
  });

  test('the starter runs but does not get full marks', async () => {
    const results = await grade(lab, lab.starter);
    expect(results.status).toBe('fail');
    expect(results.score).toBeLessThan(results.maxScore);
    expect(results.checks.every((c) => c.message.length > 0)).toBe(true);
  });

  test('every check has a broken variant', async () => {
    const results = await grade(lab, lab.solution);
    expect(Object.keys(variants).sort()).toEqual(results.checks.map((c) => c.id).sort());
  });

  test.each(Object.entries(variants))('check %s fails on its broken variant', async (id, replacements) => {
    const results = await grade(lab, breakSolution(lab, 'server.ts', replacements));
    expectCheckFails(results, id);
  });
});
