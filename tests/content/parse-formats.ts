/**
 * Dockerfile and YAML samples, parsed by parsers for their format. Each problem names the chapter
 * file, the block index and the line of the chapter file.
 */
import { spawnSync } from 'node:child_process';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parseAllDocuments } from 'yaml';
import { type CodeBlock, where } from './extract.ts';

/** Instructions whose shell form hands the arguments to a shell, where `#` starts a shell comment. */
const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
/** Instructions with an exec (JSON array) form. */
const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'COPY', 'ADD']);

/** Index of a `#` that follows whitespace outside quotes, or -1. */
function trailingHash(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && i > 0 && /\s/.test(text[i - 1]!)) return i;
  }
  return -1;
}

export function checkDockerfile(block: CodeBlock): string[] {
  const problems: string[] = [];
  const at = (line0: number) => where(block, block.fenceLine + line0 + 1);
  // The validator of the Dockerfile language server (rules from Docker's reference): unknown
  // instructions, missing or extra arguments, bad flags, a file without FROM ...
  for (const d of validate(block.code)) {
    if (d.severity === 1) problems.push(`${at(d.range.start.line)}: ${d.message}`);
  }
  // Docker's reference: "BuildKit treats lines that begin with # as a comment ... A # marker
  // anywhere else in a line is treated as an argument." And an exec form that is not valid JSON
  // falls back to the shell form. https://docs.docker.com/reference/dockerfile/#format
  for (const instruction of DockerfileParser.parse(block.code).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const args = instruction.getRawArgumentsContent() ?? '';
    const line0 = instruction.getRange().start.line;
    const json = args.trimStart().startsWith('[');
    if (JSON_FORM.has(keyword) && json) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(args);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
        problems.push(`${at(line0)}: ${keyword} ${args.trim()}: not a JSON array of strings, so Docker runs it in the shell form (a comment after an instruction is part of its arguments)`);
        continue;
      }
    }
    if (SHELL_FORM.has(keyword) && !json) continue;
    const hash = trailingHash(args);
    if (hash !== -1) {
      problems.push(`${at(line0)}: ${keyword} ${args.trim()}: Docker has no comment after an instruction; "${args.slice(hash).trim()}" becomes part of its arguments`);
    }
  }
  return problems;
}

export function checkYaml(block: CodeBlock): string[] {
  const problems: string[] = [];
  for (const doc of parseAllDocuments(block.code, { prettyErrors: true, strict: true, uniqueKeys: true })) {
    for (const error of [...doc.errors, ...doc.warnings]) {
      const line = error.linePos?.[0].line;
      problems.push(`${line === undefined ? where(block) : where(block, block.fenceLine + line)}: ${error.code}: ${error.message.split('\n')[0]}`);
    }
  }
  return problems;
}

/**
 * Python blocks are parsed by CPython's own parser (`ast.parse`, syntax only: imports such as
 * fastapi need not be installed). Answers undefined when no python3 is on the PATH.
 */
export function checkPython(blocks: CodeBlock[]): string[] | undefined {
  if (blocks.length === 0) return [];
  const script = [
    'import ast, json, sys',
    'for i, code in enumerate(json.load(sys.stdin)):',
    '    try:',
    '        ast.parse(code)',
    '    except SyntaxError as e:',
    '        print(json.dumps([i, e.lineno or 0, e.msg]))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(blocks.map((b) => b.code)), encoding: 'utf8' });
  if (run.error) return undefined;
  if (run.status !== 0) return [`python3 failed: ${run.stderr}`];
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [i, lineno, msg] = JSON.parse(line) as [number, number, string];
      return `${where(blocks[i]!, blocks[i]!.fenceLine + lineno)}: SyntaxError: ${msg}`;
    });
}
