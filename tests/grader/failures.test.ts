import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab, type Lab } from '../../src/hosts/node/lab-repo.ts';
import type { Results } from '../../src/engine/results.ts';

const base = loadLab('hello-service');
/** hello-service with short limits, so the failure cases end quickly. */
const lab: Lab = {
  ...base,
  manifest: { ...base.manifest, limits: { ...base.manifest.limits, startupMs: 1500, checkMs: 2500, totalMs: 20_000 } },
};
const tempRoot = mkdtempSync(join(tmpdir(), 'grader-failures-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

function processesUnder(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir));
}

async function gradeServer(source: string, extra: Record<string, string> = {}): Promise<Results> {
  const own = mkdtempSync(join(tempRoot, 'case-'));
  const results = await gradeFiles(lab, { 'server.ts': source, ...extra }, { sandbox: true, tempRoot: own });
  // Nothing survives the run: no process, no temp folder.
  expect(processesUnder(own)).toEqual([]);
  expect(readdirSync(own)).toEqual([]);
  return results;
}

describe('the grader on broken submissions', () => {
  test('a service that crashes at start: every check fails with the reason and the log tail', async () => {
    const results = await gradeServer(`const a: number = 1;\nthrow new Error('boom at start ' + a);\n`);
    expect(results.status).toBe('fail');
    expect(results.score).toBe(0);
    expect(results.maxScore).toBeGreaterThan(0);
    for (const check of results.checks) {
      expect(check.status).toBe('fail');
      expect(check.message).toMatch(/service "catalog" exited with code 1 before it listened/);
      expect(check.logs).toContain('boom at start 1');
      // The stack trace names the learner's file and line, not the compiled copy.
      expect(check.logs).toMatch(/server\.ts:2/);
    }
  });

  test('a service that never listens fails after the startup limit, not a hang', async () => {
    const started = performance.now();
    const results = await gradeServer(`setInterval(() => {}, 1000);\nconsole.log('waiting forever');\n`);
    expect(results.status).toBe('fail');
    expect(results.checks[0]!.message).toMatch(/did not listen on port \d+ \(process\.env\.PORT\) within 1500 ms/);
    expect(results.checks[0]!.logs).toContain('waiting forever');
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  test('a service stuck in an endless loop at start is killed', async () => {
    const results = await gradeServer(`while (true) {}\n`);
    expect(results.status).toBe('fail');
    expect(results.checks.every((c) => /did not listen/.test(c.message))).toBe(true);
  });

  test('a handler stuck in an endless loop fails its check on the time limit', async () => {
    const source = `import { createServer } from 'node:http';
createServer((req, res) => { if (req.url === '/health') { while (true) {} } res.writeHead(404); res.end('{}'); })
  .listen(Number(process.env.PORT));
`;
    const results = await gradeServer(source);
    expect(results.status).toBe('fail');
    const health = results.checks.find((c) => c.id === 'health')!;
    expect(health.status).toBe('fail');
    expect(health.message).toMatch(/gave no answer within \d+ ms|Did not finish within/);
  });

  test('a syntax error gives status error with the file and line', async () => {
    const results = await gradeServer(`import { createServer } from 'node:http';\n\nconst x: number = ;\n`);
    expect(results.status).toBe('error');
    expect(results.error).toMatch(/^server\.ts:3:\d+: Unexpected token/);
    expect(results.maxScore).toBeGreaterThan(0);
    expect(results.checks.every((c) => c.status === 'error' && c.message.includes('server.ts:3'))).toBe(true);
  });

  test("the grader's own words come in the learner's language", async () => {
    const own = mkdtempSync(join(tempRoot, 'case-'));
    const results = await gradeFiles(lab, { 'server.ts': `throw new Error('boom');\n` }, { sandbox: true, tempRoot: own, locale: 'zh-cn' });
    expect(results.checks[0]!.title).toBe('GET /health 返回 200 {"status":"ok"}');
    expect(results.checks[0]!.message).toBe('未运行：服务“catalog”在监听端口之前就退出了（退出码 1）。');
  });

  test('a missing entry file gives status error naming the file', async () => {
    const own = mkdtempSync(join(tempRoot, 'case-'));
    const results = await gradeFiles(lab, { 'other.ts': 'export {};' }, { tempRoot: own });
    expect(results.status).toBe('error');
    expect(results.error).toBe('missing file server.ts (the entry of service "catalog")');
    expect(readdirSync(own)).toEqual([]);
  });

  test('an empty submission gives status error', async () => {
    const results = await gradeFiles(lab, {}, {});
    expect(results.status).toBe('error');
    expect(results.error).toMatch(/missing file server\.ts|no source files/);
  });

  test('a service cannot start processes or workers, nor write outside its temp folder; it reads back its own', async () => {
    const source = `import { createServer } from 'node:http';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { readFileSync, writeFileSync } from 'node:fs';
const attempt = (what: string, fn: () => unknown) => { try { fn(); console.log('ALLOWED', what); } catch (e) { console.log('DENIED', what, (e as { code?: string }).code); } };
attempt('spawn', () => { const r = spawnSync('/bin/echo', ['hi']); if (r.error) throw r.error; });
attempt('worker', () => new Worker('setTimeout(() => {}, 10)', { eval: true }));
attempt('write-outside', () => writeFileSync(new URL('../results.json', import.meta.url), '{}'));
attempt('write-tmp', () => writeFileSync(process.env.TMPDIR + '/scratch.txt', 'ok'));
attempt('read-tmp', () => { if (readFileSync(process.env.TMPDIR + '/scratch.txt', 'utf8') !== 'ok') throw new Error('not what was written'); });
createServer((req, res) => { res.writeHead(404); res.end('{}'); }).listen(Number(process.env.PORT));
`;
    const results = await gradeServer(source);
    const logs = results.checks.find((c) => c.logs)?.logs ?? '';
    expect(logs).toContain('DENIED spawn ERR_ACCESS_DENIED');
    expect(logs).toContain('DENIED worker ERR_ACCESS_DENIED');
    expect(logs).toContain('DENIED write-outside ERR_ACCESS_DENIED');
    expect(logs).toContain('ALLOWED write-tmp');
    // A store that survives a restart (order-saga, idempotent-consumer) reads back what it wrote.
    expect(logs).toContain('ALLOWED read-tmp');
  });

  test('a service cannot read outside its own folder (the checks stay private)', async () => {
    const source = `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
let leaked = 'nothing';
try { leaked = readFileSync(new URL('../checks/checks.js', import.meta.url), 'utf8').slice(0, 40); } catch (e) { leaked = 'denied: ' + (e as Error).message.slice(0, 60); }
console.log('LEAK', leaked);
createServer((req, res) => { res.writeHead(404); res.end('{}'); }).listen(Number(process.env.PORT));
`;
    const results = await gradeServer(source);
    const logs = results.checks.find((c) => c.logs)?.logs ?? '';
    expect(logs).toContain('LEAK denied');
  });
});
