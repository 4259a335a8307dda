/**
 * A submission whose grading takes the whole batch down (where the sandbox cannot stop it: a killed
 * batch process, a machine that ran out of memory) leaves its `.in-progress` marker behind. `--resume`
 * grades it again once; the second time it is recorded as an error instead of killing every resume.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { PROJECT_ROOT, loadLab } from '../../src/hosts/node/lab-repo.ts';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'resume-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('--resume retries a learner whose batch died once, and records an error after the second time', async () => {
  const solution = loadLab('hello-service').solution['server.ts']!;
  for (const learner of ['crashed-once', 'crashed-twice', 'fresh']) {
    mkdirSync(join(work, 'subs', learner), { recursive: true });
    writeFileSync(join(work, 'subs', learner, 'server.ts'), solution);
  }
  const out = join(work, 'out');
  // What two earlier batches left: each died while grading these learners.
  mkdirSync(join(out, '.in-progress'), { recursive: true });
  writeFileSync(join(out, '.in-progress', 'crashed-once'), '1');
  writeFileSync(join(out, '.in-progress', 'crashed-twice'), '2');
  await run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'hello-service', join(work, 'subs'), '--out', out, '--resume', '--jobs', '1'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, INIT_CWD: PROJECT_ROOT },
  });
  const csv = readFileSync(join(out, 'grades.csv'), 'utf8');
  expect(csv).toContain('crashed-once,hello-service,13,13,pass');
  expect(csv).toContain('fresh,hello-service,13,13,pass');
  expect(csv).toContain('crashed-twice,hello-service,0,13,error');
  const results = JSON.parse(readFileSync(join(out, 'results', 'crashed-twice.json'), 'utf8'));
  expect(results.error).toContain('the batch stopped twice while grading this submission');
  // Finished learners leave no marker.
  for (const learner of ['crashed-once', 'crashed-twice', 'fresh']) expect(existsSync(join(out, '.in-progress', learner))).toBe(false);
}, 120_000);
