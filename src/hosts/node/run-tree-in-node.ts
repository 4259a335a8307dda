import { rmSync } from 'node:fs';
import type { FileTree } from '../../engine/run-tree.ts';
import { errorResults, parseResults, type Results } from '../../engine/results.ts';
import { spawnGrader } from './spawn-grader.ts';
import { killGroup, writeTempTree } from './temp-tree.ts';

export interface TreeRunOptions {
  lab: string;
  /** Hard limit for the whole run; past it the process tree is killed. */
  timeoutMs: number;
  /** Where temp folders go (default: the OS temp folder). */
  tempRoot?: string;
  /** Aborting kills the run's whole process tree (Ctrl+C in a batch). */
  signal?: AbortSignal;
}

/**
 * The node host's core: writes `tree` to a fresh temp folder, runs `node grader/main.js` there in
 * the OS sandbox and its own process group (see spawn-grader.ts), reads the results document from the grader's stdout (a pipe no service
 * can write to), kills the whole group and removes the folder, whatever happened.
 */
export async function runTreeInNode(tree: FileTree, options: TreeRunOptions): Promise<Results> {
  const root = writeTempTree(tree, 'mslab-', options.tempRoot);
  const started = performance.now();
  try {
    const { child } = spawnGrader(root, tree, [], 'ignore');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      if (stdout.length < 8 * 1024 * 1024) stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr = (stderr + c).slice(-16 * 1024);
      if (process.env.GRADER_TRACE) process.stderr.write(c);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    const onAbort = () => killGroup(child.pid);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    killGroup(child.pid);
    if (options.signal?.aborted) {
      return errorResults(options.lab, 'Grading was interrupted.', 0, Math.round(performance.now() - started));
    }
    const elapsed = Math.round(performance.now() - started);
    if (timedOut) {
      return errorResults(options.lab, `Grading stopped after ${options.timeoutMs} ms, the limit for one submission.`, 0, elapsed);
    }
    const line = stdout.trim().split('\n').pop() ?? '';
    try {
      return parseResults(JSON.parse(line));
    } catch {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const tail = stderr.trim().split('\n').slice(-8).join('\n');
      return errorResults(options.lab, `The grader ${how} without a results document.${tail ? `\n${tail}` : ''}`, 0, elapsed);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
