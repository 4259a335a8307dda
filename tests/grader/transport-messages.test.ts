/**
 * Transport failures are reported as what they are (issue 8, item 8): a service that answers bytes
 * that are not HTTP is told so, and no check turns a transport error into advice about the
 * learner's logic.
 */
import { expect, test } from 'vitest';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab } from '../../src/hosts/node/lab-repo.ts';

const notHttp = `import { createServer } from 'node:net';
createServer((socket) => { socket.on('data', () => socket.end('SSH-2.0-OpenSSH_9.6\\r\\n')); }).listen(Number(process.env.PORT), '127.0.0.1');
`;

test('a service that answers bytes that are not HTTP is told so', async () => {
  const lab = loadLab('hello-service');
  const results = await gradeFiles(lab, { 'server.ts': notHttp }, { sandbox: true });
  const health = results.checks.find((c) => c.id === 'health')!;
  expect(health.status).toBe('fail');
  expect(health.message).toContain('answered with bytes that are not HTTP');
  expect(health.message).not.toContain('process.env.PORT?');
}, 60_000);

test('resilient-client: an orders service that answers no HTTP is not told about its breaker', async () => {
  const lab = loadLab('resilient-client');
  const files = { ...lab.solution, 'orders.ts': notHttp };
  const results = await gradeFiles(lab, files, { sandbox: true });
  const failing = results.checks.filter((c) => c.status !== 'pass');
  expect(failing.length).toBeGreaterThan(0);
  for (const check of failing) {
    expect(check.message, check.id).not.toMatch(/half-open/);
    expect(check.message, check.id).toMatch(/not HTTP|Not run/);
  }
}, 120_000);
