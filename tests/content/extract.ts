/**
 * Finds the fenced code blocks of a chapter (MDX) and reads their meta the way Expressive Code does.
 *
 * Meta is the text after the language on the fence line: ```ts title="a.ts" check="fragment" prelude="req-res"
 * It is parsed with Expressive Code's own MetaOptions (the parser Starlight uses), so a value that
 * parses here parses the same way in the site. Expressive Code only acts on the keys its plugins know
 * (title, frame, mark/ins/del, lang, wrap ...) and on unkeyed strings; the sample keys below are
 * ignored by it and never printed (checked by building a page: see samples.md).
 */
import { MetaOptions } from '@expressive-code/core';

export interface CodeBlock {
  /** The chapter file, relative to the repository (e.g. content/docs/zh-cn/05-….mdx). */
  file: string;
  /** 1-based index among all fenced blocks of the file, in order. */
  index: number;
  /** 1-based line of the opening fence in the file. */
  fenceLine: number;
  lang: string;
  meta: string;
  /** The code, with the fence's indentation removed. */
  code: string;
  options: SampleOptions;
  /** Problems with the meta itself (unknown check value, a parse error). */
  metaErrors: string[];
}

export interface SampleOptions {
  title?: string;
  check: 'module' | 'fragment' | 'none';
  prelude?: string;
  run?: string;
  reason?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

export function where(block: Pick<CodeBlock, 'file' | 'index' | 'fenceLine'>, line?: number): string {
  return `${block.file}, block ${block.index}${line === undefined ? ` (fence at line ${block.fenceLine})` : `, line ${line}`}`;
}

export function extractBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, rest] = open as unknown as [string, string, string, string];
    const info = rest.trim();
    const space = info.search(/\s/);
    const lang = (space === -1 ? info : info.slice(0, space)).toLowerCase();
    const meta = space === -1 ? '' : info.slice(space + 1).trim();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]!);
      if (close && close[2]!.startsWith(fence[0]!) && close[2]!.length >= fence.length && close[3]!.trim() === '') break;
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
    }
    if (j >= lines.length) throw new Error(`${file}: the code block opened at line ${i + 1} is never closed`);
    const { options, errors } = readOptions(meta);
    blocks.push({ file, index: blocks.length + 1, fenceLine: i + 1, lang, meta, code: body.join('\n') + '\n', options, metaErrors: errors });
    i = j;
  }
  return blocks;
}

const CHECKS = new Set(['module', 'fragment', 'none']);

export function readOptions(meta: string): { options: SampleOptions; errors: string[] } {
  const parsed = new MetaOptions(meta);
  const errors = [...(parsed.errors ?? [])];
  const text = (key: string) => {
    const value = parsed.getString(key);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const check = text('check') ?? 'module';
  if (!CHECKS.has(check)) errors.push(`check="${check}" is not one of module, fragment, none`);
  const options: SampleOptions = { check: check as SampleOptions['check'] };
  for (const key of ['title', 'prelude', 'run', 'reason'] as const) {
    const value = text(key);
    if (value !== undefined) options[key] = value;
  }
  if (options.check === 'fragment' && !options.prelude) errors.push('check="fragment" needs prelude="<name>" (see tests/content/preludes.ts)');
  if (options.check !== 'fragment' && options.prelude) errors.push(`prelude="${options.prelude}" only goes with check="fragment"`);
  if (options.check === 'none' && !options.reason) errors.push('check="none" needs reason="..." saying why the block cannot be checked');
  if (options.run && options.check !== 'module') errors.push('run="..." needs a complete module (no check="fragment"/"none")');
  return { options, errors };
}

export interface SampleRequest {
  method: string;
  path: string;
  body?: string;
  status: number;
}

/** run="GET /health 200; PUT /stock/a {"quantity":3} 200": requests sent in order, each with its expected status. */
export function parseRun(run: string): SampleRequest[] {
  return run.split(/;\s*(?=[A-Z]+\s+\/)/).map((part) => {
    const m = /^([A-Z]+)\s+(\/\S*)\s+(?:(.+?)\s+)?(\d{3})$/s.exec(part.trim());
    if (!m) throw new Error(`run="${run}": "${part.trim()}" is not "METHOD /path [json-body] STATUS"`);
    const request: SampleRequest = { method: m[1]!, path: m[2]!, status: Number(m[4]) };
    if (m[3] !== undefined) {
      try {
        JSON.parse(m[3]);
      } catch {
        throw new Error(`run="${run}": the body ${m[3]} is not JSON`);
      }
      request.body = m[3];
    }
    return request;
  });
}
