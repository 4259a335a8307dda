/**
 * Compressed responses from the `npm start` server, over real HTTP (node:http, which, unlike
 * fetch, hands back the bytes as they came over the wire).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiate } from './compress.ts';
import { startSiteServer } from './site-server.ts';

const root = mkdtempSync(join(tmpdir(), 'static-compress-'));
const script = `export const words = [${Array.from({ length: 400 }, (_, i) => `"word-${i}"`).join(', ')}];\n`;
const page = `<!doctype html><html><head><title>t</title></head><body>${'<p>Microservices, hands-on.</p>'.repeat(100)}</body></html>`;
const png = Buffer.alloc(4096, 7);

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let server: Awaited<ReturnType<typeof startSiteServer>>;
beforeAll(async () => {
  mkdirSync(join(root, '_astro'));
  writeFileSync(join(root, '_astro', 'app.js'), script);
  writeFileSync(join(root, 'index.html'), page);
  writeFileSync(join(root, '404.html'), `<!doctype html><html><head></head><body>${'not here. '.repeat(100)}</body></html>`);
  writeFileSync(join(root, 'tiny.css'), 'a{color:red}');
  writeFileSync(join(root, 'logo.png'), png);
  writeFileSync(join(root, 'index.pf_index'), Buffer.alloc(2048, 1));
  server = await startSiteServer({ root, port: 0 });
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('compressed responses from npm start', () => {
  it('sends brotli when the browser accepts it (Chromium sends gzip, deflate, br, zstd), with Vary and the compressed length', async () => {
    const r = await get('/_astro/app.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
  });

  it('sends gzip when only gzip is accepted, and the same bytes the second time (cached)', async () => {
    const a = await get('/_astro/app.js', { 'accept-encoding': 'gzip' });
    expect(a.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(a.body).toString()).toBe(script);
    const b = await get('/_astro/app.js', { 'accept-encoding': 'gzip' });
    expect(b.body.equals(a.body)).toBe(true);
  });

  it('compresses a file again when it changes (a rebuild while npm start runs)', async () => {
    const before = await get('/_astro/app.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(before.body).toString()).toBe(script);
    const changed = script.replace('word-0', 'changed-0') + '// rebuilt\n';
    writeFileSync(join(root, '_astro', 'app.js'), changed);
    const after = await get('/_astro/app.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(after.body).toString()).toBe(changed);
    writeFileSync(join(root, '_astro', 'app.js'), script);
  });

  it('sends the file as it is without Accept-Encoding, or when the codings are refused with q=0, still with Vary', async () => {
    for (const headers of [{} as Record<string, string>, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': 'identity' }, { 'accept-encoding': '*;q=0' }]) {
      const r = await get('/_astro/app.js', headers);
      expect(r.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(r.headers.vary).toBe('Accept-Encoding');
      expect(r.body.toString()).toBe(script);
    }
  });

  it('compresses the served HTML with the lab-server mark in it (never the key), and the 404 page with status 404', async () => {
    const r = await get('/', { 'accept-encoding': 'br' });
    expect(r.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(r.body).toString();
    expect(html).toContain('<meta name="lab-server" content="local">');
    expect(html).not.toContain(server.token);
    expect(html).toContain('Microservices, hands-on.');
    const missing = await get('/nowhere/', { 'accept-encoding': 'gzip' });
    expect(missing.status).toBe(404);
    expect(gunzipSync(missing.body).toString()).toContain('not here.');
  });

  it('never compresses images or Pagefind files (compressed already), and leaves tiny files alone', async () => {
    for (const path of ['/logo.png', '/index.pf_index']) {
      const r = await get(path, { 'accept-encoding': 'gzip, br' });
      expect(r.headers['content-encoding'], path).toBeUndefined();
      expect(r.headers.vary, path).toBeUndefined();
      expect(r.body.length).toBeGreaterThanOrEqual(2048);
    }
    const tiny = await get('/tiny.css', { 'accept-encoding': 'gzip, br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('a{color:red}');
  });

  it('answers HEAD with the headers of the compressed answer and no body', async () => {
    const r = await get('/_astro/app.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(r.headers['content-encoding']).toBe('br');
    expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
    expect(r.body.length).toBe(0);
  });
});

describe('Accept-Encoding negotiation (RFC 9110 §12.5.3)', () => {
  it('follows q-values, q=0 and *', () => {
    expect(negotiate(undefined)).toBeUndefined();
    expect(negotiate('')).toBeUndefined();
    expect(negotiate('gzip, deflate, br')).toBe('br');
    expect(negotiate('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiate('br;q=0, gzip')).toBe('gzip');
    expect(negotiate('GZIP')).toBe('gzip');
    expect(negotiate('x-gzip')).toBe('gzip');
    expect(negotiate('*')).toBe('br');
    expect(negotiate('*;q=0')).toBeUndefined();
    expect(negotiate('gzip;q=0, *')).toBe('br');
    expect(negotiate('deflate, identity')).toBeUndefined();
  });
});
