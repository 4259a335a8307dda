import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { PROJECT_ROOT } from '../src/hosts/node/lab-repo.ts';

const run = promisify(execFile);

test('the TypeScript type checks (strict), labs and checks included', async () => {
  // `astro sync` writes .astro/types.d.ts (the astro:content types), which a fresh clone lacks.
  await run('npx', ['astro', 'sync'], { cwd: PROJECT_ROOT });
  const result = await run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
  expect(result.output.trim(), 'npx tsc --noEmit found type errors').toBe('');
  expect(result.code).toBe(0);
}, 120_000);
