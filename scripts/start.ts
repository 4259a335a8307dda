/**
 * `npm start`: builds the site when the sources are newer than dist/, then serves the course and
 * the local lab host on http://127.0.0.1:4321 (loopback only). Works offline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/hosts/node/lab-repo.ts';
import { startSiteServer } from '../src/hosts/local/site-server.ts';

const DIST = join(PROJECT_ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const SOURCES = ['content', 'src', 'labs', 'public', 'astro.config.mjs', 'content.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIfNeeded(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(PROJECT_ROOT, s))));
  if (built > sources) return;
  console.log(built ? 'Sources changed since the last build: building the site…' : 'Building the site (first start)…');
  // A production build whatever the caller's environment (a test runner sets NODE_ENV=test, DEV…).
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('VITEST') || ['NODE_ENV', 'DEV', 'PROD', 'MODE', 'BASE_URL', 'SSR', 'TEST'].includes(name)) delete env[name];
  }
  const result = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error('\nThe build failed; see the errors above. Fix them and run `npm start` again.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(STAMP, new Date().toISOString());
}

if (import.meta.main) {
  buildIfNeeded();
  const port = Number(process.env.PORT ?? 4321);
  try {
    const { courseUrl, close } = await startSiteServer({ root: DIST, port });
    console.log(
      `\nThe course is at ${courseUrl}\n` +
        `Open this address (it carries this run's lab key after #t=; the labs need it), then 中文 is one click away.\n` +
        `Press Ctrl+C to stop.`,
    );
    const shutdown = () => {
      // Stops the services learners started with Run, then exits.
      void close().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 3_000).unref();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`Port ${port} is in use. Stop the other server or run: PORT=4322 npm start`);
      process.exit(1);
    }
    throw error;
  }
}
