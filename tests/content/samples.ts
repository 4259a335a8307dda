/**
 * Checks the code samples of the chapters (the convention is in /work/shared/briefs/samples.md and
 * tests/content/README.md): TypeScript blocks are type-checked under strict with @types/node, the
 * complete ones that start an HTTP server are run on this Node with PORT set and sent the requests
 * their run="..." names; Dockerfile and YAML blocks are parsed by a parser for their format.
 * Every problem names the chapter file, the block index and a line of the chapter file.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CodeBlock, extractBlocks, parseRun, where } from './extract.ts';
import { preludes } from './preludes.ts';

export const TS_LANGS = new Set(['ts', 'typescript']);

export function chapterFiles(root: string): string[] {
  const dirs = ['content/docs', 'content/docs/zh-cn'];
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith('.mdx') || name.endsWith('.md'))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
}

export function loadBlocks(root: string, file: string): CodeBlock[] {
  return extractBlocks(file, readFileSync(join(root, file), 'utf8'));
}

/** A server-starting sample: it calls .listen( on something. */
export function startsServer(code: string): boolean {
  return /\.listen\s*\(/.test(code);
}

/** Problems with the blocks' meta, before anything is compiled. */
export function metaProblems(blocks: CodeBlock[]): string[] {
  const problems: string[] = [];
  for (const block of blocks) {
    if (!TS_LANGS.has(block.lang)) continue;
    for (const error of block.metaErrors) problems.push(`${where(block)}: ${error}`);
    const { check, prelude, run } = block.options;
    if (prelude && !preludes[prelude]) {
      problems.push(`${where(block)}: prelude="${prelude}" is not in tests/content/preludes.ts (known: ${Object.keys(preludes).join(', ')})`);
    }
    if (check === 'module' && startsServer(block.code) && !run) {
      problems.push(`${where(block)}: this block starts a server; name the request to send it with run="GET /path 200"`);
    }
    if (run) {
      try {
        parseRun(run);
      } catch (err) {
        problems.push(`${where(block)}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}

export interface Placed {
  block: CodeBlock;
  /** Path of the block's file inside the tree. */
  path: string;
  /** Lines put before the block (from its prelude). */
  offset: number;
}

/** One temp tree for all TypeScript blocks: <tree>/<file without .mdx>/<title or block-N.ts>. */
export class SampleTree {
  readonly dir: string;
  readonly placed: Placed[] = [];
  readonly root: string;

  constructor(root: string) {
    this.root = root;
    this.dir = mkdtempSync(join(tmpdir(), 'chapter-samples-'));
    // Resolve `zod`, @types/node and the like from the project; a symlink keeps the files out of
    // node_modules, where Node refuses to strip types.
    symlinkSync(join(root, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
    writeFileSync(join(this.dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(
      join(this.dir, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            target: 'ES2024',
            lib: ['ES2024'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            moduleDetection: 'force',
            allowImportingTsExtensions: true,
            verbatimModuleSyntax: true,
            erasableSyntaxOnly: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
          },
          include: ['**/*.ts'],
          exclude: ['node_modules'],
        },
        null,
        2,
      ),
    );
  }

  add(block: CodeBlock): Placed {
    const chapterDir = block.file.replace(/\.mdx?$/, '');
    const title = block.options.title;
    const name = title && /^[\w./-]+\.ts$/.test(title) && !title.startsWith('/') ? normalize(title) : `block-${block.index}.ts`;
    if (name.startsWith('..')) throw new Error(`${where(block)}: title="${title}" leaves the chapter's folder`);
    const path = join(chapterDir, name);
    if (this.placed.some((p) => p.path === path)) throw new Error(`${where(block)}: another block of the chapter is already titled ${name}`);
    const prelude = block.options.check === 'fragment' ? preludes[block.options.prelude ?? ''] : undefined;
    const head = prelude?.code ? prelude.code.replace(/^\n/, '') : '';
    const offset = head ? head.split('\n').length - 1 : 0;
    this.write(path, head + block.code);
    for (const [rel, text] of Object.entries(prelude?.files ?? {})) this.write(join(dirname(path), rel), text);
    const placed = { block, path, offset };
    this.placed.push(placed);
    return placed;
  }

  private write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  /** Type-checks the whole tree once; answers the problems per chapter file. */
  async typecheck(): Promise<Map<string, string[]>> {
    const tsc = join(this.root, 'node_modules', '.bin', 'tsc');
    const output = await new Promise<string>((resolve) => {
      execFile(tsc, ['--noEmit', '--pretty', 'false', '-p', join(this.dir, 'tsconfig.json')], { cwd: this.dir, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        resolve(String(stdout) + String(stderr) + (error && !stdout && !stderr ? String(error) : ''));
      });
    });
    const problems = new Map<string, string[]>();
    const add = (file: string, text: string) => problems.set(file, [...(problems.get(file) ?? []), text]);
    let last: string | undefined;
    for (const line of output.split('\n')) {
      const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
      if (!m) {
        if (last && /^\s+\S/.test(line)) {
          const list = problems.get(last)!;
          list[list.length - 1] += `\n    ${line.trim()}`;
        } else if (line.trim()) add('(tsc)', line.trim());
        continue;
      }
      const file = relative(this.dir, join(this.dir, m[1]!));
      const placed = this.placed.find((p) => p.path === file);
      const row = Number(m[2]);
      if (!placed) {
        add('(tsc)', `${file}:${row}: ${m[4]} ${m[5]} (a prelude file: fix tests/content/preludes.ts)`);
        last = '(tsc)';
        continue;
      }
      const { block, offset } = placed;
      const text =
        row <= offset
          ? `${where(block)}: in prelude "${block.options.prelude}", line ${row}: ${m[4]} ${m[5]}`
          : `${where(block, block.fenceLine + row - offset)}: ${m[4]} ${m[5]}`;
      add(block.file, text);
      last = block.file;
    }
    return problems;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs a placed block with this Node (it must run .ts unflagged: 22.18+) and PORT set, waits until
 * it listens on PORT, sends the requests of its run="...", and answers the problems (none = pass).
 */
export async function runSample(tree: SampleTree, placed: Placed, startupMs = 20_000): Promise<string[]> {
  const { block } = placed;
  const requests = parseRun(block.options.run!);
  const port = await freePort();
  const file = join(tree.dir, placed.path);
  const child = spawn(process.execPath, [file], {
    cwd: dirname(file),
    env: { ...process.env, PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const tail = () => (output.trim() ? `; its output:\n${output.trim().split('\n').slice(-12).join('\n')}` : '');
  try {
    const until = Date.now() + startupMs;
    while (!(await canConnect(port))) {
      if (exited !== undefined) return [`${where(block)}: exited with code ${exited} before listening on PORT=${port}${tail()}`];
      if (Date.now() > until) return [`${where(block)}: did not listen on PORT=${port} within ${startupMs} ms (does it read process.env.PORT?)${tail()}`];
      await sleep(50);
    }
    const problems: string[] = [];
    for (const request of requests) {
      const label = `${request.method} ${request.path}${request.body ? ` ${request.body}` : ''}`;
      try {
        const res = await fetch(`http://127.0.0.1:${port}${request.path}`, {
          method: request.method,
          headers: request.body ? { 'content-type': 'application/json' } : {},
          body: request.body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        if (res.status !== request.status) {
          problems.push(`${where(block)}: ${label} answered ${res.status}, expected ${request.status}; body: ${text.slice(0, 300)}${tail()}`);
        }
      } catch (err) {
        problems.push(`${where(block)}: ${label} failed: ${(err as Error).message}${tail()}`);
      }
      if (exited !== undefined) {
        problems.push(`${where(block)}: the server exited (code ${exited}) after ${label}${tail()}`);
        break;
      }
    }
    return problems;
  } finally {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const killed = await Promise.race([gone.then(() => true), sleep(3000).then(() => false)]);
      if (!killed) child.kill('SIGKILL');
    }
  }
}

export { checkDockerfile, checkPython, checkYaml } from './parse-formats.ts';

/**
 * Expressive Code (frames plugin, Starlight's default options) takes a comment that looks like a
 * file name in a block's first four lines as the block's title and deletes that line from the code
 * (ch. 1 lost "# content-type: application/json" that way). Answers a problem when the page would
 * show fewer lines than the chapter file holds.
 */
export async function checkShownAsWritten(blocks: CodeBlock[]): Promise<string[]> {
  const { ExpressiveCodeEngine } = await import('@expressive-code/core');
  const { pluginFrames } = await import('@expressive-code/plugin-frames');
  const engine = new ExpressiveCodeEngine({ plugins: [pluginFrames()] });
  const problems: string[] = [];
  for (const block of blocks) {
    const code = block.code.replace(/\n$/, '');
    const { renderedGroupContents } = await engine.render({ code, language: block.lang || 'txt', meta: block.meta });
    const shown = renderedGroupContents[0]!.codeBlock;
    const lost = code.split('\n').length - shown.getLines().length;
    if (lost > 0) {
      problems.push(`${where(block)}: the page would drop ${lost} line(s) and show "${shown.props.title}" as the title (a comment that looks like a file name in the first 4 lines); give the block a title="..."`);
    }
  }
  return problems;
}
