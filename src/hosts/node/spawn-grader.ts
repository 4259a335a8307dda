import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { FileTree, RunConfig } from '../../engine/run-tree.ts';
import { HTTP_FACADE_PRELOAD } from '../../grader/node-flags.ts';
import { serviceTmpDirs } from '../../grader/tmp-dirs.ts';
import { sandboxedNode, type OsSandbox } from './os-sandbox.ts';

/**
 * Flags on every Node process the project starts. `--disable-sigusr1`: a process that receives
 * SIGUSR1 would otherwise open its inspector on 127.0.0.1:9229, and anything that can connect to
 * it runs code in that process (the attack of issue 8: a service signalled its grader).
 */
export const NODE_HARDENING = ['--disable-sigusr1'];

export type GraderChild = ChildProcessByStdio<Writable | null, Readable, Readable>;

/**
 * Starts `node grader/main.js <root> [...extra]` for a run tree already written at `root`, in the
 * OS sandbox when there is one, in its own process group (so `killGroup` ends everything it
 * started). The host and the grader talk only over the grader's stdio.
 */
export function spawnGrader(root: string, tree: FileTree, extra: string[], stdin: 'pipe' | 'ignore'): { child: GraderChild; isolation: OsSandbox['kind'] } {
  const config = JSON.parse(tree['run.json'] ?? '{}') as Partial<RunConfig>;
  const tmpMb = config.limits?.tmpMb ?? 16;
  const command = sandboxedNode(root, serviceTmpDirs({ services: config.services ?? [], lanes: config.lanes }), tmpMb, [...NODE_HARDENING, HTTP_FACADE_PRELOAD, join(root, 'grader', 'main.js'), root, ...extra]);
  const child = spawn(command.file, command.args, {
    cwd: root,
    stdio: [stdin, 'pipe', 'pipe'],
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_NO_WARNINGS: '1',
      ...(process.env.GRADER_TRACE ? { GRADER_TRACE: '1' } : {}),
    },
  }) as GraderChild;
  return { child, isolation: command.kind };
}
