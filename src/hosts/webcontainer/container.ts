/**
 * The part of @webcontainer/api (1.6.x) the WebContainer host uses, typed here so tests drive it
 * with a test double (tests/doubles/node-container.ts), and the mount tree it takes.
 */
import type { FileTree } from '../../engine/run-tree.ts';

export interface ContainerProcess {
  /** One pseudo-terminal stream: stdout and stderr together, `\n` written as `\r\n`. Never closes. */
  output: ReadableStream<string>;
  /** The pseudo-terminal's input. */
  input: WritableStream<string>;
  exit: Promise<number>;
  /** May be ignored by a process stuck in a hot loop (webcontainer-core #1121). */
  kill(): void;
}

export interface ContainerLike {
  /** Throws when `mountPoint` does not exist. */
  mount(tree: MountTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; output?: boolean }): Promise<ContainerProcess>;
  fs: {
    mkdir(path: string, options?: { recursive?: boolean }): Promise<unknown>;
    rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  };
  /** `error`: an internal error of the container. Returns the unsubscribe function. */
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  /** Destroys the container and every process in it; a new one can be booted after. */
  teardown(): void;
}

export type MountTree = { [name: string]: { file: { contents: string } } | { directory: MountTree } };

/**
 * `{ 'a/b.js': '…' }` → WebContainer's nested FileSystemTree. `./a` and `a//b` are read as `a`
 * and `a/b`; `..` and a path that is both a file and a folder are errors naming the path.
 */
export function toMountTree(files: FileTree): MountTree {
  const root: MountTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..')) throw new Error(`${path}: not a path inside the run tree`);
    let dir = root;
    for (const [i, part] of parts.slice(0, -1).entries()) {
      const next = (dir[part] ??= { directory: {} });
      if (!('directory' in next)) throw new Error(`${path}: ${parts.slice(0, i + 1).join('/')} is both a file and a folder`);
      dir = next.directory;
    }
    const name = parts[parts.length - 1]!;
    if (dir[name] && 'directory' in dir[name]) throw new Error(`${path}: ${parts.join('/')} is both a file and a folder`);
    if (dir[name]) throw new Error(`${path}: ${parts.join('/')} is given twice`);
    dir[name] = { file: { contents } };
  }
  return root;
}
