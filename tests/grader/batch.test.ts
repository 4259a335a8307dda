import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROJECT_ROOT, loadLab } from '../../src/hosts/node/lab-repo.ts';
import { makeSubmission } from '../../src/engine/submission.ts';

const run = promisify(execFile);
const lab = loadLab('hello-service');
const solution = lab.solution['server.ts']!;
const starter = lab.starter['server.ts']!;
const work = mkdtempSync(join(tmpdir(), 'batch-test-'));
const subs = join(work, 'submissions');

/** One entry per kind of submission an instructor meets. */
const cases: Record<string, string | null> = {
  correct: solution,
  partial: solution.replace("sendJson(res, 200, { status: 'ok' })", "sendJson(res, 200, { status: 'up' })"),
  empty: null,
  'syntax-error': solution.replace('const items = new Map', 'const items = = new Map'),
  'endless-loop': `while (true) {}\n`,
  'memory-hog': solution.replace(
    "if (req.method === 'GET' && url.pathname === '/health') {",
    "if (req.method === 'GET' && url.pathname === '/health') { const hog: number[][] = []; while (true) hog.push(new Array(1e6).fill(1));",
  ),
  'fake-results': `${starter}
const fake = { version: 1, lab: 'hello-service', status: 'pass', score: 13, maxScore: 13, durationMs: 1, checks: [] };
console.log(JSON.stringify(fake));
process.stdout.write(JSON.stringify(fake) + '\\n');
import('node:fs').then((fs) => { try { fs.writeFileSync('../../results.json', JSON.stringify(fake)); } catch (e) { console.log('write denied', (e as Error).message); } });
`,
  'read-hidden': `import { readFileSync } from 'node:fs';\nconsole.log(readFileSync(new URL('../checks/hidden/checks.js', import.meta.url), 'utf8'));\n${solution}`,
  'kill-parent': `process.kill(process.ppid, 'SIGKILL');\n${solution}`,
};

async function grade(out: string, ...extra: string[]) {
  return run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'hello-service', subs, '--out', out, '--jobs', '2', ...extra], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, INIT_CWD: PROJECT_ROOT },
  });
}

function csv(out: string): string {
  return readFileSync(join(out, 'grades.csv'), 'utf8');
}

function rows(out: string): Record<string, { score: number; max: number; status: string }> {
  const [, ...lines] = csv(out).trim().split('\n');
  return Object.fromEntries(
    lines.map((line) => {
      const [learner, , score, max, status] = line.split(',');
      return [learner!, { score: Number(score), max: Number(max), status: status! }];
    }),
  );
}

beforeAll(() => {
  for (const [learner, source] of Object.entries(cases)) {
    mkdirSync(join(subs, learner), { recursive: true });
    if (source !== null) writeFileSync(join(subs, learner, 'server.ts'), source);
  }
  writeFileSync(join(subs, 'downloaded.json'), JSON.stringify(makeSubmission('hello-service', { 'server.ts': solution })));
  writeFileSync(join(subs, 'corrupt.json'), '{"format": "microservices-course-submission", "files": ');
  writeFileSync(join(subs, 'README.txt'), 'not a submission');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run grade on a class of hostile and broken submissions', () => {
  let first: Awaited<ReturnType<typeof grade>>;
  const out = join(work, 'out');

  beforeAll(async () => {
    first = await grade(out);
  }, 180_000);

  test('every learner gets the right status and score; the batch goes on', () => {
    const r = rows(out);
    expect(csv(out).split('\n')[0]).toBe('learner,lab,score,max_score,status');
    expect(Object.keys(r).sort()).toEqual([...Object.keys(cases), 'corrupt', 'downloaded'].sort());
    const max = r.correct!.max;
    expect(max).toBe(13);
    expect(r.correct).toEqual({ score: max, max, status: 'pass' });
    expect(r.downloaded).toEqual({ score: max, max, status: 'pass' });
    expect(r.partial).toEqual({ score: max - 2, max, status: 'fail' });
    expect(r.empty).toEqual({ score: 0, max, status: 'error' });
    expect(r.corrupt).toEqual({ score: 0, max, status: 'error' });
    expect(r['syntax-error']).toEqual({ score: 0, max, status: 'error' });
    expect(r['endless-loop']).toEqual({ score: 0, max, status: 'fail' });
    // The memory hog crashes on /health only: that check fails, the others pass after a restart.
    expect(r['memory-hog']!.status).toBe('fail');
    expect(r['memory-hog']!.score).toBe(max - 2);
    // Printing a fake results document or writing files does not change the score: the starter's 0.
    expect(r['fake-results']).toEqual({ score: 0, max, status: 'fail' });
    // Reading the hidden checks is refused: the service crashes on the permission error.
    expect(r['read-hidden']).toEqual({ score: 0, max, status: 'fail' });
    // Killing the grader gives an error, never a score.
    expect(r['kill-parent']).toEqual({ score: 0, max, status: 'error' });
    expect(first.stdout).toContain('skipped README.txt');
  });

  test('the reports say why', () => {
    const feedback = (learner: string) => readFileSync(join(out, 'feedback', `${learner}.md`), 'utf8');
    expect(feedback('read-hidden')).toContain('ERR_ACCESS_DENIED');
    expect(feedback('syntax-error')).toMatch(/server\.ts:\d+:\d+: Unexpected token/);
    expect(feedback('corrupt')).toContain('the JSON is corrupt');
    expect(feedback('empty')).toContain('empty submission');
    expect(feedback('partial')).toContain('(hidden check)');
    expect(feedback('correct')).not.toContain('distinct-ids'); // a hidden check's id/code never shows
    const results = JSON.parse(readFileSync(join(out, 'results', 'memory-hog.json'), 'utf8'));
    expect(results.checks.find((c: { id: string }) => c.id === 'health').message).toMatch(/could not reach|closed the connection|crash|killed|exited|no answer/i);
    const classroom = JSON.parse(Buffer.from(readFileSync(join(out, 'github-classroom', 'partial.txt'), 'utf8'), 'base64').toString('utf8'));
    expect(classroom).toMatchObject({ version: 1, status: 'fail', max_score: 13 });
    expect(classroom.tests[0]).toEqual(expect.objectContaining({ name: expect.any(String), status: 'fail', score: 0 }));
    const exercism = JSON.parse(readFileSync(join(out, 'exercism', 'syntax-error', 'results.json'), 'utf8'));
    expect(exercism).toMatchObject({ version: 3, status: 'error' });
    expect(readFileSync(join(out, 'junit', 'partial.xml'), 'utf8')).toMatch(/<failure message="the \/health body: expected/);
  });

  test('the same batch graded twice gives the same scores', async () => {
    const again = join(work, 'again');
    await grade(again);
    expect(csv(again)).toBe(csv(out));
  }, 180_000);

  test('--resume and shards + merge give the same grades.csv as one full run', async () => {
    const partial = join(work, 'resumed');
    cpSync(out, partial, { recursive: true });
    for (const learner of ['correct', 'partial', 'kill-parent']) rmSync(join(partial, 'results', `${learner}.json`));
    const resumed = await grade(partial, '--resume');
    expect(resumed.stdout).toContain('Grading 3 submission(s)');
    expect(csv(partial)).toBe(csv(out));

    const a = join(work, 'shard-1');
    const b = join(work, 'shard-2');
    await Promise.all([grade(a, '--shard', '1/2', '--jobs', '1'), grade(b, '--shard', '2/2', '--jobs', '1')]);
    expect(Object.keys(rows(a)).length + Object.keys(rows(b)).length).toBe(Object.keys(rows(out)).length);
    const merged = join(work, 'merged');
    await run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'merge', a, b, '--out', merged], { cwd: PROJECT_ROOT });
    expect(csv(merged)).toBe(csv(out));
  }, 240_000);
});
