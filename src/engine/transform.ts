import { transform } from 'sucrase';

/** A learner's file that does not compile, with where it fails (1-based line and column). */
export class TransformError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;
  constructor(file: string, line: number | undefined, column: number | undefined, reason: string) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.name = 'TransformError';
  }
}

const RELATIVE_SPECIFIER =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*?)\2/g;

/** `./store` and `./store.ts` both become `./store.js`; `.mts` becomes `.mjs`; other files stay. */
export function rewriteSpecifier(specifier: string): string {
  if (/\.ts$/.test(specifier)) return specifier.replace(/\.ts$/, '.js');
  if (/\.mts$/.test(specifier)) return specifier.replace(/\.mts$/, '.mjs');
  if (/\.(m?js|json|cjs)$/.test(specifier)) return specifier;
  return `${specifier}.js`;
}

/** The path a source file has once transformed: `server.ts` → `server.js`. */
export function outputPath(path: string): string {
  return path.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs');
}

export function isTypeScript(path: string): boolean {
  return /\.m?ts$/.test(path) && !/\.d\.ts$/.test(path);
}

/**
 * Turns one TypeScript module into JavaScript that Node runs as an ES module.
 * Line numbers are kept, so a stack trace points at the learner's own line.
 * The same function runs in the browser and in Node, so every host grades the same code.
 */
export function transformModule(source: string, file: string): string {
  let code: string;
  try {
    code = transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      filePath: file,
    }).code;
  } catch (error) {
    const e = error as Error & { loc?: { line: number; column: number } };
    const reason = e.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
    throw new TransformError(file, e.loc?.line, e.loc ? e.loc.column + 1 : undefined, reason);
  }
  return code.replace(RELATIVE_SPECIFIER, (_m, lead: string, quote: string, spec: string) => {
    return `${lead}${quote}${rewriteSpecifier(spec)}${quote}`;
  });
}
