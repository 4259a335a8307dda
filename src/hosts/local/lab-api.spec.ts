/**
 * The local lab API and static server as an attacker on this machine meets them (issue 8, item 7),
 * over real HTTP: a real site server on a free port, real serve sessions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLab } from '../node/lab-repo.ts';
import { startSiteServer } from './site-server.ts';

const lab = loadLab('hello-service');
const root = mkdtempSync(join(tmpdir(), 'site-root-'));
let site: Awaited<ReturnType<typeof startSiteServer>>;

/** A raw request (fetch would normalise `//evil.example` paths and refuse to set Host/Origin). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(site.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (route: string, body: unknown) =>
  raw(`/__lab/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: site.url, 'x-lab-token': site.token },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  mkdirSync(join(root, 'zh-cn'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<html><head><title>home</title></head><body>home</body></html>');
  writeFileSync(join(root, 'zh-cn', 'index.html'), '<html><head></head><body>zh</body></html>');
  writeFileSync(join(root, '404.html'), '<html><head></head><body>not found</body></html>');
  site = await startSiteServer({ root, port: 0 });
});
afterAll(async () => {
  await site.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the local lab server against another process on this machine', () => {
  test('a plain GET of any page does not give the key away; the printed address carries it', async () => {
    for (const path of ['/', '/zh-cn/', '/missing']) {
      const page = await raw(path);
      expect(page.text).not.toContain(site.token);
      expect(page.text).toContain('<meta name="lab-server" content="local">');
    }
    expect(site.courseUrl).toBe(`${site.url}/#t=${site.token}`);
  });

  test('paths beginning // or holding a backslash never redirect off the origin', async () => {
    expect((await raw('/zh-cn')).headers.location).toBe('/zh-cn/');
    for (const path of ['//evil.example/..%2fzh-cn', '//evil.example/zh-cn', '/\\evil.example/zh-cn', '/%5cevil.example/zh-cn', '/%2fevil.example/zh-cn']) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.location, path).toBeUndefined();
    }
  });

  test('every answer forbids framing by other sites', async () => {
    expect((await raw('/')).headers['content-security-policy']).toBe("frame-ancestors 'self'");
    expect((await api('poll', { session: 'x', since: 0 })).headers['content-security-policy']).toBe("frame-ancestors 'self'");
  });

  test('routes are own properties only: /__lab/constructor is not a route', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await api(name, {});
      expect(res.status, name).toBe(404);
      expect(JSON.parse(res.text).error).toContain('no lab API route');
    }
  });

  test('ten simultaneous Runs never hold more than four sessions', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => api('run', { lab: 'hello-service', files: lab.solution })));
    const started = answers.filter((a) => a.status === 200).map((a) => JSON.parse(a.text).session as string);
    expect(answers.filter((a) => a.status === 429).every((a) => JSON.parse(a.text).error.includes('already starting 4 labs'))).toBe(true);
    expect(started.length).toBeGreaterThan(0);
    expect(started.length).toBeLessThanOrEqual(10);
    // Sessions replaced by newer ones answer as stopped; at most four still run.
    const live: string[] = [];
    for (const session of started) {
      const polled = JSON.parse((await api('poll', { session, since: 0 })).text);
      if (!polled.events.some((e: { type: string }) => e.type === 'stopped')) live.push(session);
    }
    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBeLessThanOrEqual(4);
    await Promise.all(started.map((session) => api('stop', { session })));
  }, 60_000);

  test('a service that prints without end is buffered in bytes, and one poll stays small', async () => {
    const chatty = lab.solution['server.ts']!.replace(
      "const port = Number(process.env.PORT ?? 3000);",
      "const port = Number(process.env.PORT ?? 3000);\nconst line = 'x'.repeat(8000);\nsetInterval(() => { for (let i = 0; i < 200; i++) console.log(line); }, 5);",
    );
    const started = JSON.parse((await api('run', { lab: 'hello-service', files: { 'server.ts': chatty } })).text);
    await new Promise((r) => setTimeout(r, 1500));
    const first = await api('poll', { session: started.session, since: 0 });
    expect(first.text.length).toBeLessThan(400 * 1024);
    const polled = JSON.parse(first.text);
    expect(polled.events.length).toBeGreaterThan(0);
    expect(polled.next).toBeGreaterThan(polled.events.length); // the oldest were dropped
    await api('stop', { session: started.session });
  }, 60_000);
});
