/**
 * Lanes (RunConfig.lanes): the checks are shared out over copies of the lab, each with its own
 * processes, ports and tmp folders, and the results keep the checks' order. Real grading runs,
 * sandboxed: every check reports the port and the tmp-folder counter of the service it reached.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLanes, GRADE_LANES, gradeFiles } from '../../src/hosts/node/grade.ts';
import { loadLab, type Lab } from '../../src/hosts/node/lab-repo.ts';

const base = loadLab('hello-service');
// Counts its requests in a file in its tmp folder (TMPDIR): the count survives a restart, so it
// tells which lane's folder a request reached.
const SERVER = `import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const file = join(process.env.TMPDIR ?? '.', 'count');
createServer((req, res) => {
  const count = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
  writeFileSync(file, String(count));
  res.writeHead(200, { 'content-type': 'application/json' });
  // Another lane's folder is another copy's state: writing there must be refused.
  const own = process.env.TMPDIR ?? '';
  const base = own.replace(/\.\d+$/, '');
  const foreign = [base, base + '.1', base + '.2'].filter((dir) => dir !== own).map((dir) => {
    try {
      writeFileSync(join(dir, 'count'), '100');
      return 'wrote ' + dir;
    } catch (error) {
      return 'refused';
    }
  });
  res.end(JSON.stringify({ port: process.env.PORT, tmp: own, count, pid: process.pid, foreign }));
}).listen(Number(process.env.PORT));
`;
const report = (id: string, extra = '') => `{ id: '${id}', title: '${id}', points: 1, async run(t) {
    ${extra}
    const res = await t.http('catalog').get('/whoami');
    await t.sleep(300);
    t.expect.fail(JSON.stringify(res.json));
  } }`;
const CHECKS = `export default [
  ${report('one', "await t.service('catalog').restart();")},
  ${report('two')},
  ${report('three')},
  ${report('four')},
  ${report('five')},
  ${report('six')},
];`;
const lab: Lab = { ...base, checks: CHECKS, hiddenChecks: undefined, checkHelpers: undefined };
const tempRoot = mkdtempSync(join(tmpdir(), 'lanes-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

async function seen(lanes: number) {
  const results = await gradeFiles(lab, { 'server.ts': SERVER }, { sandbox: true, lanes, tempRoot });
  expect(results.checks.map((c) => c.id)).toEqual(['one', 'two', 'three', 'four', 'five', 'six']);
  return results.checks.map((c) => ({ id: c.id, ...JSON.parse(c.message) }) as { id: string; port: string; tmp: string; count: number; pid: number; foreign: string[] });
}

describe('lanes', () => {
  test(`at most ${GRADE_LANES} lanes by default; three lanes: three copies of the lab, each with its own port and tmp folder, results in order`, async () => {
    expect(GRADE_LANES).toBeGreaterThan(1);
    const answers = await seen(3);
    for (const a of answers) expect(a.foreign).toEqual(['refused', 'refused']);
    const ports = new Set(answers.map((a) => a.port));
    const tmps = new Set(answers.map((a) => a.tmp));
    expect(ports.size).toBe(3);
    expect(tmps.size).toBe(3);
    // One lane, one port, one folder: the pairing never mixes.
    const byPort = new Map(answers.map((a) => [a.port, a.tmp]));
    for (const a of answers) expect(byPort.get(a.port)).toBe(a.tmp);
    // Each lane's counter counts only that lane's requests: 1, 2, ... per folder, whoever else runs.
    for (const tmp of tmps) {
      const counts = answers.filter((a) => a.tmp === tmp).map((a) => a.count);
      expect(counts).toEqual(counts.map((_, i) => i + 1));
    }
  });

  test('one lane: every check on the same service and folder, in order (a restart keeps the folder)', async () => {
    const answers = await seen(1);
    expect(new Set(answers.map((a) => a.port)).size).toBe(1);
    expect(new Set(answers.map((a) => a.tmp)).size).toBe(1);
    expect(answers.map((a) => a.count)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(answers.map((a) => a.pid)).size).toBe(1); // 'one' restarted it before its request
  });
});

describe('how many lanes by default', () => {
  test('GRADE_LANES on an idle machine, fewer as it gets busy, never fewer than one', () => {
    expect(defaultLanes(2, 0.05)).toBe(GRADE_LANES);
    expect(defaultLanes(2, 1)).toBe(2);
    expect(defaultLanes(2, 2)).toBe(1);
    expect(defaultLanes(2, 9)).toBe(1);
    expect(defaultLanes(16, 0)).toBe(GRADE_LANES);
  });
});
