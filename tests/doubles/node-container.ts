/**
 * A test double of @webcontainer/api's interface (mount, spawn, output, input, exit, fs.rm)
 * backed by a real temp folder and real Node processes, so the WebContainer host's code runs
 * the real grader in tests. It records every call for assertions.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerLike, ContainerProcess, MountTree } from '../../src/hosts/webcontainer/host.ts';

export class NodeContainer implements ContainerLike {
  readonly root = mkdtempSync(join(tmpdir(), 'fake-webcontainer-'));
  readonly calls: string[] = [];

  async mount(tree: MountTree, options: { mountPoint?: string } = {}): Promise<void> {
    this.calls.push(`mount ${options.mountPoint ?? '.'}`);
    const write = (dir: string, t: MountTree) => {
      mkdirSync(dir, { recursive: true });
      for (const [name, node] of Object.entries(t)) {
        if ('directory' in node) write(join(dir, name), node.directory);
        else writeFileSync(join(dir, name), node.file.contents);
      }
    };
    write(join(this.root, options.mountPoint ?? '.'), tree);
  }

  async spawn(command: string, args: string[], options: { cwd?: string } = {}): Promise<ContainerProcess> {
    this.calls.push(`spawn ${command} ${args.join(' ')}`);
    const child = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: join(this.root, options.cwd ?? '.'),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // WebContainer gives one terminal stream: stdout and stderr together.
    const output = new ReadableStream<string>({
      start(controller) {
        let open = 2;
        const done = () => --open === 0 && controller.close();
        child.stdout.setEncoding('utf8').on('data', (c: string) => controller.enqueue(c)).on('end', done);
        child.stderr.setEncoding('utf8').on('data', (c: string) => controller.enqueue(c)).on('end', done);
      },
    });
    const input = new WritableStream<string>({
      write(chunk) {
        child.stdin.write(chunk);
      },
    });
    const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    return { output, input, exit, kill: () => child.kill('SIGKILL') };
  }

  fs = {
    rm: async (path: string, options?: { recursive?: boolean; force?: boolean }) => {
      this.calls.push(`rm ${path}`);
      rmSync(join(this.root, path), { recursive: options?.recursive, force: options?.force });
    },
  };

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
