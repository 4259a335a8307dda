import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/** Static imports of a module, followed recursively (what loads with it). */
function staticGraph(root: string, file: string, seen: Set<string>): void {
  if (seen.has(file) || !existsSync(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'`]([^"'`]+)["'`]/g)) {
    const spec = m[1]!;
    staticGraph(root, spec.startsWith('/') ? join(root, spec) : join(dirname(file), spec), seen);
  }
}

/** Dynamic imports reachable from a set of modules (what loads later, e.g. when a lab opens). */
function dynamicGraph(root: string, files: Set<string>): Set<string> {
  const lazy = new Set<string>();
  const queue = [...files];
  while (queue.length) {
    const file = queue.pop()!;
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/import\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
      const spec = m[1]!;
      const target = spec.startsWith('/') ? join(root, spec) : join(dirname(file), spec);
      const before = new Set([...files, ...lazy]);
      const reach = new Set<string>();
      staticGraph(root, target, reach);
      for (const f of reach) {
        if (!before.has(f)) {
          lazy.add(f);
          queue.push(f);
        }
      }
    }
  }
  return lazy;
}

/**
 * Gzipped JavaScript a built page loads up front (its module scripts, their static imports and
 * inline scripts), and what the dynamic imports of the scripts whose file name matches
 * `lazyFrom` add later (e.g. the lab's workbench, loaded when the lab comes into view).
 * `lazyChunks` lists each lazily loaded file with its gzipped size.
 */
export function pageWeight(
  dist: string,
  page: string,
  lazyFrom = /Lab\.astro/,
): { upFront: number; upFrontFiles: number; lazy: number; lazyChunks: Record<string, number>; css: number } | undefined {
  const htmlFile = join(dist, page);
  if (!existsSync(htmlFile)) return undefined;
  const html = readFileSync(htmlFile, 'utf8');
  const files = new Set<string>();
  const lazyRoots = new Set<string>();
  let inline = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1]!;
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    if (src) {
      const file = src.startsWith('/') ? join(dist, src) : join(dirname(htmlFile), src);
      staticGraph(dist, file, files);
      if (lazyFrom.test(src)) lazyRoots.add(file);
    } else if (!/type="application\/(ld\+)?json"/.test(attrs)) {
      inline += gz(m[2]!);
      for (const im of m[2]!.matchAll(/import\s*["']([^"']+)["']|from\s*["']([^"']+)["']/g)) {
        const spec = im[1] ?? im[2]!;
        if (spec.startsWith('/')) staticGraph(dist, join(dist, spec), files);
      }
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) staticGraph(dist, join(dist, m[1]!), files);
  const upFront = inline + [...files].reduce((sum, f) => sum + gz(readFileSync(f)), 0);
  const lazyFiles = [...dynamicGraph(dist, lazyRoots)].filter((f) => !files.has(f));
  const lazyChunks = Object.fromEntries(lazyFiles.map((f) => [f.slice(dist.length), gz(readFileSync(f))]));
  const lazy = Object.values(lazyChunks).reduce((a, b) => a + b, 0);
  // Stylesheets the page links (Astro hoists the workbench's CSS into the page's <head>), each once.
  const sheets = new Set([...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => join(dist, m[1]!)));
  const css = [...sheets].filter((f) => existsSync(f)).reduce((sum, f) => sum + gz(readFileSync(f)), 0);
  return { upFront, upFrontFiles: files.size, lazy, lazyChunks, css };
}
