/**
 * Issue 8, as an attacker would try it: one batch with a hostile submission for every way out we
 * know, beside honest learners. Proves that the attacks are graded right, that nothing reaches the
 * host (a TCP server and a Unix socket the test holds, files, processes), that the neighbours keep
 * their scores and that the batch finishes. Needs bubblewrap (CI installs it); without it the
 * attacks would hit this machine itself, so the suite is skipped with a notice (CI=true: fails).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeSubmission } from '../../src/engine/submission.ts';
import { PROJECT_ROOT, loadLab } from '../../src/hosts/node/lab-repo.ts';
import { osSandbox } from '../../src/hosts/node/os-sandbox.ts';
import * as attacks from './attacks.ts';

const run = promisify(execFile);
const sandbox = osSandbox();
const lab = loadLab('hello-service');
const solution = lab.solution['server.ts']!;
const starter = lab.starter['server.ts']!;
const HEALTH = "if (req.method === 'GET' && url.pathname === '/health') {";

if (sandbox.kind !== 'bwrap') {
  const message = `attack tests need bubblewrap (${sandbox.reason}); install it: apt-get install -y bubblewrap`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`skipped: ${message}`);
}

describe.skipIf(sandbox.kind !== 'bwrap')('hostile submissions in one batch (bubblewrap sandbox)', () => {
  const work = mkdtempSync(join(tmpdir(), 'attack-test-'));
  const hostDir = join(work, 'host');
  const subs = join(work, 'submissions');
  const out = join(work, 'out');
  /** The batch's own temp folder (TMPDIR), so leftovers are this batch's alone. */
  const temp = join(work, 'tmp');
  let tcp: Server;
  let unix: Server;
  const reached: string[] = [];
  let batch: { stdout: string; stderr: string };

  const fill = (code: string, port: number) => code.replaceAll('__ATTACK_DIR__', hostDir).replaceAll('__ATTACK_PORT__', String(port));
  const csv = () => readFileSync(join(out, 'grades.csv'), 'utf8');
  const row = (name: string) => {
    const line = csv().split('\n').find((l) => l.startsWith(`${name},`) || l.startsWith(`"${name}",`));
    if (!line) throw new Error(`no row for ${name} in\n${csv()}`);
    const [, , score, max, status] = line.split(',');
    return { score: Number(score), max: Number(max), status };
  };
  const results = (name: string) => {
    const file = readdirSync(join(out, 'results')).find((f) => JSON.parse(readFileSync(join(out, 'results', f), 'utf8')).learner === name);
    return JSON.parse(readFileSync(join(out, 'results', file!), 'utf8'));
  };

  beforeAll(async () => {
    mkdirSync(hostDir, { recursive: true });
    mkdirSync(temp, { recursive: true });
    tcp = createServer((s) => {
      reached.push('tcp');
      s.destroy();
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
    unix = createServer((s) => {
      reached.push('unix');
      s.destroy();
    });
    await new Promise<void>((r) => unix.listen(join(hostDir, 'host.sock'), () => r()));
    const port = (tcp.address() as { port: number }).port;
    const cases: Record<string, string> = {
      'honest-1': solution,
      'honest-2': solution,
      'honest-3': solution,
      inspector: attacks.inspectorAttack + starter,
      'process-count': attacks.processCountProbe + solution,
      'kill-everything': attacks.killEverything + solution,
      sqlite: attacks.sqliteAttack + solution,
      'unix-socket': attacks.unixSocketAttack + solution,
      network: attacks.networkAttack + solution,
      'off-heap': attacks.offHeapHog + solution.replace(HEALTH, `${HEALTH} hog();`),
      disk: attacks.diskAttack + solution,
    };
    for (const [learner, code] of Object.entries(cases)) {
      mkdirSync(join(subs, learner), { recursive: true });
      writeFileSync(join(subs, learner, 'server.ts'), fill(code, port));
    }
    // Names: Unicode letters kept, look-alikes and formula cells kept apart and neutralised.
    for (const name of ['学生-张三', '学生-李四', 'José', 'Jose\u0301', '=HYPERLINK("x")', '@SUM', '-cmd']) {
      mkdirSync(join(subs, name), { recursive: true });
      writeFileSync(join(subs, name, 'server.ts'), solution);
    }
    // Too many files, one file too big: refused before anything is read.
    mkdirSync(join(subs, 'huge-folder'), { recursive: true });
    for (let i = 0; i < 60; i++) writeFileSync(join(subs, 'huge-folder', `m${i}.ts`), 'export {};\n');
    mkdirSync(join(subs, 'big-file'), { recursive: true });
    writeFileSync(join(subs, 'big-file', 'server.ts'), `${solution}\n//${'x'.repeat(300 * 1024)}\n`);
    // Submission keys that would make folders named "." or collide with a file.
    writeFileSync(join(subs, 'bad-keys.json'), JSON.stringify(makeSubmission('hello-service', { 'server.ts': solution, lib: 'x', 'lib/a.ts': 'y' })));
    batch = await run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'hello-service', subs, '--out', out, '--jobs', '3', '--require-sandbox'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, INIT_CWD: PROJECT_ROOT, TMPDIR: temp },
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 300_000);

  afterAll(async () => {
    tcp?.close();
    unix?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('the batch finishes and says the submissions ran isolated', () => {
    expect(batch.stdout).toContain('Submissions run isolated: bubblewrap');
    expect(csv().split('\n').length).toBe(1 + 21 + 1);
  });

  test('honest neighbours keep full marks beside the attackers', () => {
    for (const name of ['honest-1', 'honest-2', 'honest-3']) expect(row(name)).toEqual({ score: 13, max: 13, status: 'pass' });
  });

  test('the inspector attack gets the starter’s score, not full marks', () => {
    expect(row('inspector')).toEqual({ score: 0, max: 13, status: 'fail' });
    expect(existsSync(join(hostDir, 'inspector-escape'))).toBe(false);
  });

  test('a submission sees only its own run’s processes, and killing them all ends only its own run', () => {
    expect(row('process-count')).toEqual({ score: 13, max: 13, status: 'pass' });
    expect(row('kill-everything')).toMatchObject({ score: 0, max: 13, status: 'error' });
  });

  test('node:sqlite, Unix sockets, the host’s loopback and disk are out of reach', () => {
    expect(row('sqlite')).toEqual({ score: 13, max: 13, status: 'pass' });
    expect(row('unix-socket')).toEqual({ score: 13, max: 13, status: 'pass' });
    expect(row('disk')).toEqual({ score: 13, max: 13, status: 'pass' });
    expect(reached).toEqual([]);
    expect(readdirSync(hostDir).sort()).toEqual(['host.sock']);
    expect(row('network').max).toBe(13);
  });

  test('memory outside the heap is limited: the service is stopped and the check says why', () => {
    expect(row('off-heap')).toEqual({ score: 11, max: 13, status: 'fail' });
    const health = results('off-heap').checks.find((c: { id: string }) => c.id === 'health');
    expect(health.message).toMatch(/more than 256 MB of memory/);
  });

  test('oversized folders and bad submission keys get error with a reason naming the limit or the key', () => {
    expect(row('huge-folder')).toMatchObject({ score: 0, status: 'error' });
    expect(results('huge-folder').error).toContain('more than 50 source files');
    expect(row('big-file')).toMatchObject({ score: 0, status: 'error' });
    expect(results('big-file').error).toMatch(/big-file\/server\.ts is \d+ bytes/);
    expect(row('bad-keys')).toMatchObject({ score: 0, status: 'error' });
    expect(results('bad-keys').error).toContain('file "lib" is refused');
  });

  test('learner names keep their letters, never collide, and CSV formula cells are neutralised', () => {
    for (const name of ['学生-张三', '学生-李四', 'José', 'Jose\u0301']) expect(row(name)).toEqual({ score: 13, max: 13, status: 'pass' });
    expect(csv()).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv()).toContain(`'@SUM,hello-service,13,13,pass`);
    expect(csv()).toContain(`'-cmd,hello-service,13,13,pass`);
    const files = readdirSync(join(out, 'results'));
    expect(files).toContain('学生-张三.json');
    expect(new Set(files).size).toBe(21);
  });

  test('no hidden check text in any learner-facing file, no process or temp folder left behind', async () => {
    for (const folder of ['feedback', 'github-classroom', 'junit']) {
      for (const file of readdirSync(join(out, folder))) {
        expect(readFileSync(join(out, folder, file), 'utf8'), `${folder}/${file}`).not.toContain('distinct-ids');
      }
    }
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(temp);
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe('where bubblewrap cannot run', () => {
  const env = { ...process.env, INIT_CWD: PROJECT_ROOT, MSLAB_SANDBOX: 'none' };

  test('the batch says plainly that submissions are not isolated, and --require-sandbox refuses to grade', async () => {
    const work = mkdtempSync(join(tmpdir(), 'no-sandbox-'));
    try {
      mkdirSync(join(work, 'subs', 'alice'), { recursive: true });
      writeFileSync(join(work, 'subs', 'alice', 'server.ts'), solution);
      const graded = await run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'hello-service', join(work, 'subs'), '--out', join(work, 'out')], { cwd: PROJECT_ROOT, env });
      expect(graded.stdout).toContain('Warning: submissions are NOT isolated from this machine: MSLAB_SANDBOX=none is set');
      expect(readFileSync(join(work, 'out', 'grades.csv'), 'utf8')).toContain('alice,hello-service,13,13,pass');
      const refused = await run(process.execPath, [join(PROJECT_ROOT, 'src/cli/grade.ts'), 'hello-service', join(work, 'subs'), '--out', join(work, 'out2'), '--require-sandbox'], { cwd: PROJECT_ROOT, env }).catch((e) => e);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--require-sandbox: submissions cannot be isolated here: MSLAB_SANDBOX=none is set');
      expect(existsSync(join(work, 'out2', 'grades.csv'))).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
