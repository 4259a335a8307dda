import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { parseResults } from '../../src/engine/results.ts';
import { listLabIds, PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'lab-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `npm run lab -- …` the way npm does: Node 24, cwd at the project root, INIT_CWD where the learner was. */
async function lab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(PROJECT_ROOT, 'src/cli/lab.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, INIT_CWD: work, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run lab', () => {
  test('list shows every lab', async () => {
    const { code, stdout } = await lab('list');
    expect(code).toBe(0);
    for (const id of ['hello-service', 'api-gateway', 'resilient-client']) expect(stdout).toContain(id);
  });

  test('start copies the starter; a second start keeps the work unless --force, which backs it up', async () => {
    const first = await lab('start', 'hello-service', '--dir', 'mine');
    expect(first.code).toBe(0);
    expect(existsSync(join(work, 'mine', 'server.ts'))).toBe(true);
    writeFileSync(join(work, 'mine', 'server.ts'), '// my work\n');
    const again = await lab('start', 'hello-service', '--dir', 'mine');
    expect(again.stdout).toContain('Kept your work');
    expect(readFileSync(join(work, 'mine', 'server.ts'), 'utf8')).toBe('// my work\n');
    const forced = await lab('start', 'hello-service', '--dir', 'mine', '--force');
    expect(forced.code).toBe(0);
    const backup = readdirSync(work).find((name) => name.startsWith('mine.backup-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(work, backup!, 'server.ts'), 'utf8')).toBe('// my work\n');
  });

  test('check: readable output, exit 1 below full marks', async () => {
    const { code, stdout } = await lab('check', 'hello-service', '--dir', 'mine');
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ GET \/health answers 200/);
    expect(stdout).toMatch(/Score 0\/11/);
  });

  test('check --json prints only the results document; exit 0 on full marks', async () => {
    const { code, stdout } = await lab('check', 'hello-service', '--dir', join(PROJECT_ROOT, 'labs/hello-service/solution'), '--json');
    expect(code).toBe(0);
    const results = parseResults(JSON.parse(stdout));
    expect(results).toMatchObject({ lab: 'hello-service', status: 'pass', score: 11, maxScore: 11 });
    expect(results.checks.every((c) => !c.hidden)).toBe(true);
  });

  test('--lang zh-cn prints Chinese check titles', async () => {
    const { stdout } = await lab('check', 'hello-service', '--dir', 'mine', '--lang', 'zh-cn');
    expect(stdout).toContain('GET /health 返回 200');
  });

  test('clear errors: unknown lab, not started, unknown option', async () => {
    const unknown = await lab('check', 'no-such-lab');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`unknown lab "no-such-lab". Labs: ${listLabIds().join(', ')}`);
    const notStarted = await lab('check', 'api-gateway', '--dir', 'nowhere');
    expect(notStarted.code).toBe(2);
    expect(notStarted.stderr).toContain('No folder nowhere');
    const option = await lab('check', 'hello-service', '--bogus');
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--bogus'/);
  });
});
