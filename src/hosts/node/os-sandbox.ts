/**
 * The OS layer of the node host's sandbox: on Linux every run (the grader and the learner's
 * services) is started inside bubblewrap (https://github.com/containers/bubblewrap) with fresh
 * user, PID, network (a private loopback), IPC, UTS and cgroup namespaces, no capabilities, a new
 * session, and a mount namespace that holds only the run tree and the Node runtime, read-only,
 * plus one size-capped tmpfs per service. Where bubblewrap cannot run, runs go on with Node's
 * permission model alone, and `describeIsolation()` says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export interface OsSandbox {
  /** `bwrap` when every run is isolated by bubblewrap, `none` otherwise. */
  kind: 'bwrap' | 'none';
  /** Why there is no OS sandbox (`kind: none`). */
  reason?: string;
  /** The bubblewrap binary. */
  bwrap?: string;
}

const BWRAP_CANDIDATES = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];
/** System library folders the Node binary links against (it needs libc, libstdc++, libm…). */
const LIBRARY_DIRS = ['/usr/lib', '/usr/lib64', '/usr/lib32', '/lib', '/lib64', '/lib32'];

let probed: OsSandbox | undefined;

/** The node binary every run uses, as a real path (bubblewrap binds it at the same place). */
export function nodeBinary(): string {
  return realpathSync(process.execPath);
}

/**
 * Whether bubblewrap can isolate runs here. Probed once per process by starting `node -e 0`
 * inside a sandbox built exactly like a grading run's. `MSLAB_SANDBOX=none` turns it off (to test
 * the fallback, or on a machine where it misbehaves).
 */
export function osSandbox(): OsSandbox {
  if (probed) return probed;
  if (process.env.MSLAB_SANDBOX === 'none') return (probed = { kind: 'none', reason: 'MSLAB_SANDBOX=none is set' });
  if (process.platform !== 'linux') return (probed = { kind: 'none', reason: `bubblewrap runs on Linux only (this is ${process.platform})` });
  const bwrap = BWRAP_CANDIDATES.find((p) => existsSync(p));
  if (!bwrap) return (probed = { kind: 'none', reason: 'bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)' });
  const args = [...bwrapArgs({ root: undefined, tmpDirs: [], tmpMb: 1 }), nodeBinary(), '-e', '0'];
  const result = spawnSync(bwrap, args, { encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0) {
    const why = (result.stderr || result.error?.message || `exit code ${result.status}`).trim().split('\n')[0];
    return (probed = { kind: 'none', reason: `bubblewrap cannot create namespaces here (${why}); user namespaces may be disabled` });
  }
  return (probed = { kind: 'bwrap', bwrap });
}

/** Forgets the probe (benchmarks compare runs with and without the sandbox by changing MSLAB_SANDBOX). */
export function resetOsSandbox(): void {
  probed = undefined;
}

/** One line for the CLIs: which protection holds for the code they are about to run. */
export function describeIsolation(sandbox = osSandbox()): string {
  return sandbox.kind === 'bwrap'
    ? 'Submissions run isolated: bubblewrap (own user, PID, network, IPC and mount namespaces) and Node’s permission model.'
    : `Warning: submissions are NOT isolated from this machine: ${sandbox.reason}. Only Node’s permission model and time limits apply; do not grade strangers’ code here.`;
}

export interface SandboxLayout {
  /** The run tree, bound read-only at its own path (undefined only for the probe). */
  root: string | undefined;
  /** Folders inside the run tree that become a writable tmpfs each (one per service). */
  tmpDirs: string[];
  /** Size of each tmpfs, in MiB. */
  tmpMb: number;
}

/** bubblewrap's arguments up to (not including) the command. */
export function bwrapArgs(layout: SandboxLayout): string[] {
  const node = nodeBinary();
  const args = [
    '--unshare-all', // user, PID, network (private loopback), IPC, UTS, cgroup
    '--die-with-parent',
    '--new-session', // no TIOCSTI into the caller's terminal
    '--cap-drop', 'ALL',
    '--proc', '/proc',
    '--dev', '/dev',
    // Mount points only: nothing in the sandbox may write here (the permission model forbids it).
    '--size', String(1024 * 1024), '--tmpfs', '/tmp',
    '--dir', '/run',
  ];
  for (const dir of LIBRARY_DIRS) if (existsSync(dir)) args.push('--ro-bind', dir, dir);
  args.push('--ro-bind', node, node);
  if (layout.root) {
    args.push('--ro-bind', layout.root, layout.root, '--chdir', layout.root);
    const bytes = String(layout.tmpMb * 1024 * 1024);
    for (const dir of layout.tmpDirs) args.push('--size', bytes, '--tmpfs', dir);
  }
  return args;
}

export interface SandboxedCommand {
  file: string;
  args: string[];
  /** Which layer isolates this run. */
  kind: OsSandbox['kind'];
}

/**
 * The command that runs `node <nodeArgs>` for a run rooted at `root`: inside bubblewrap when it is
 * available, directly otherwise. Creates the services' tmp folders (`tmp`: relative to `root`, see
 * serviceTmpDirs) first: bubblewrap mounts a tmpfs on each, so they must exist in the read-only tree.
 */
export function sandboxedNode(root: string, tmp: string[], tmpMb: number, nodeArgs: string[]): SandboxedCommand {
  const tmpDirs = tmp.map((dir) => join(root, dir));
  for (const dir of tmpDirs) mkdirSync(dir, { recursive: true });
  const sandbox = osSandbox();
  if (sandbox.kind === 'bwrap') {
    return { file: sandbox.bwrap!, args: [...bwrapArgs({ root, tmpDirs, tmpMb }), '--', nodeBinary(), ...nodeArgs], kind: 'bwrap' };
  }
  return { file: nodeBinary(), args: nodeArgs, kind: 'none' };
}
