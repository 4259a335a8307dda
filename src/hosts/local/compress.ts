/**
 * Compressed responses for the static site (`npm start`): brotli or gzip with node:zlib, chosen
 * from the request's Accept-Encoding (RFC 9110 §12.5.3: q-values, `q=0` refuses a coding, `*`
 * stands for any coding not listed). Only text-like types are compressed; images, fonts and
 * Pagefind's files are compressed already and go out as they are.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Coding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Extensions whose bytes shrink (the others are images, fonts or Pagefind's pre-compressed files). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.wasm', '.map', '.webmanifest']);
/** Below this, compression saves less than the header costs. */
export const MIN_BYTES = 512;

export function compressible(ext: string): boolean {
  return COMPRESSIBLE.has(ext.toLowerCase());
}

/** The coding to use for an Accept-Encoding header value, or undefined for identity. Prefers br over gzip at equal q. */
export function negotiate(header: string | string[] | undefined): Coding | undefined {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: string) => q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  const br = weightOf('br');
  const gzipQ = weightOf('gzip');
  if (br <= 0 && gzipQ <= 0) return undefined;
  return br >= gzipQ ? 'br' : 'gzip';
}

/** Compresses with the given coding (brotli quality 9 for text: near the best size, quick enough to do once per file). */
export function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  if (coding === 'br') {
    return brotli(body, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  }
  return gz(body, { level: 9 });
}

/** Compressed bodies, kept per file, coding and version of the file (its mtime and size). */
export class CompressionCache {
  private readonly entries = new Map<string, { version: string; body: Buffer }>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.maxBytes = maxBytes;
  }

  async get(key: string, version: string, coding: Coding, load: () => Buffer): Promise<Buffer> {
    const id = `${coding}:${key}`;
    const hit = this.entries.get(id);
    if (hit && hit.version === version) return hit.body;
    const body = await compress(load(), coding);
    if (hit) this.bytes -= hit.body.length;
    if (this.bytes + body.length <= this.maxBytes) {
      this.entries.set(id, { version, body });
      this.bytes += body.length;
    } else if (hit) {
      this.entries.delete(id);
    }
    return body;
  }
}
