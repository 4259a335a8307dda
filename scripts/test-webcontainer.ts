/**
 * npm run test:webcontainer: the opt-in suite on the real WebContainer (tests/webcontainer-real/).
 * It needs the internet (WebContainer loads its runtime from StackBlitz) and Chromium; offline it
 * is skipped with a notice and exits 0. Its packages (Vitest 4, @webcontainer/test, Playwright)
 * live in that folder, installed on first use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/hosts/node/lab-repo.ts';

const SUITE = join(PROJECT_ROOT, 'tests', 'webcontainer-real');
const PROBE = process.env.WEBCONTAINER_PROBE_URL ?? 'https://stackblitz.com/';

async function reachable(url: string): Promise<string | undefined> {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(8_000) });
    return undefined;
  } catch (error) {
    return (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
  }
}

const offline = await reachable(PROBE);
if (offline) {
  console.log(`[test:webcontainer] skipped: ${PROBE} cannot be reached (${offline}). This suite boots the real WebContainer, which loads its runtime from StackBlitz: run it on a machine with internet.`);
  process.exit(0);
}
if (!existsSync(join(SUITE, 'node_modules', '@webcontainer', 'test'))) {
  console.log('[test:webcontainer] installing the suite\'s packages in tests/webcontainer-real/ …');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: SUITE, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: SUITE, stdio: 'inherit' });
process.exit(run.status ?? 1);
