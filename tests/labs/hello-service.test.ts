import { expect } from 'vitest';
import { describeLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Variants = {
  health: [["sendJson(res, 200, { status: 'ok' })", "sendJson(res, 200, { status: 'up' })"]],
  'create-item': [['{ location: `/items/${item.id}` }', '{}']],
  'read-item': [['return sendJson(res, 200, item);', 'return sendJson(res, 200, { ...item, price: 0 });']],
  'invalid-json': [["return 'the body is not valid JSON';", "return { name: 'x', price: 1 };"]],
  'invalid-item': [["if (typeof name !== 'string' || name.trim() === '') return '\"name\" must be a non-empty string';", ''], ["if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) return '\"price\" must be a number >= 0';", '']],
  'unknown-route': [['sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });', "res.end('nope');"]],
  'distinct-ids': [['String(nextId++)', "'1'"]],
  'missing-item': [['if (!item) return sendJson(res, 404, { error: `no item with id ${match[1]}` });', "if (!item) return sendJson(res, 200, {});"]],
};

describeLab('hello-service', {
  file: 'server.ts',
  variants,
  traffic(results) {
    // One service: every exchange is a check's own request to catalog.
    const create = results.checks.find((c) => c.id === 'create-item')!;
    expect(create.traffic).toMatchObject([{ from: 'grader', to: 'catalog', method: 'POST', path: '/items', status: 201 }]);
    expect(results.checks.every((c) => c.traffic.every((e) => e.from === 'grader' && e.to === 'catalog'))).toBe(true);
  },
});
