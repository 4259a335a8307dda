/**
 * Run's Faults panel end to end on the local host: the lab API's `control` route (same token and
 * origin checks as every route) → the serve session → the grader's serve mode, with real processes.
 * The learner's requests are `from: "you"` in the streamed traffic; faults show in `state` events.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLabApi } from '../../src/hosts/local/lab-api.ts';
import { loadLab } from '../../src/hosts/node/lab-repo.ts';
import type { ControlResult, RunEvent } from '../../src/hosts/runtime.ts';

const lab = loadLab('api-gateway');
const token = 'test-token-0123456789';
let server: Server;
let port = 0;
let api: ReturnType<typeof createLabApi>;

beforeAll(async () => {
  api = createLabApi({ port: () => port, token });
  server = createServer((req, res) => {
    void api.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function call<T = any>(route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}/__lab/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, 'x-lab-token': token, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function eventsUntil(session: string, done: (events: RunEvent[]) => boolean): Promise<RunEvent[]> {
  const all: RunEvent[] = [];
  let since = 0;
  for (let i = 0; i < 100 && !done(all); i++) {
    const { body } = await call<{ events: RunEvent[]; next: number }>('poll', { session, since });
    all.push(...body.events);
    since = body.next;
    if (!done(all)) await new Promise((r) => setTimeout(r, 50));
  }
  return all;
}

describe('serve mode control through the local lab API', () => {
  test('faults, pause and remove-fault work on running services, and the traffic streams', async () => {
    const run = await call<{ session: string; error?: string }>('run', { lab: 'api-gateway', files: lab.solution });
    expect(run.status).toBe(200);
    expect(run.body.error).toBeUndefined();
    const session = run.body.session;
    try {
      // Without the token the control route is refused like every other route.
      const refused = await call('control', { session, action: 'clear' }, { 'x-lab-token': 'wrong' });
      expect(refused.status).toBe(403);
      const badOrigin = await call('control', { session, action: 'clear' }, { origin: 'http://evil.example' });
      expect(badOrigin.status).toBe(403);
      const invalid = await call('control', { session, action: 'explode' });
      expect(invalid.status).toBe(400);

      const added = await call<ControlResult>('control', { session, action: 'fault', service: 'users', fault: { kind: 'status', status: 503 }, scope: { path: '/users/*' } });
      expect(added.body.ok).toBe(true);
      expect(added.body.faults).toMatchObject([{ service: 'users', fault: { kind: 'status', status: 503 }, scope: { path: '/users/*' } }]);
      const faultId = added.body.faults[0]!.id;

      const faulted = await call('request', { session, service: 'gateway', method: 'GET', path: '/users/1' });
      expect(faulted.body).toMatchObject({ ok: true, status: 503 });

      const events = await eventsUntil(session, (es) => es.filter((e) => e.type === 'traffic').length >= 2);
      const traffic = events.flatMap((e) => (e.type === 'traffic' ? [e.entry] : []));
      expect(traffic).toContainEqual(expect.objectContaining({ from: 'you', to: 'gateway', method: 'GET', path: '/users/1', status: 503 }));
      const upstream = traffic.find((e) => e.from === 'gateway' && e.to === 'users')!;
      expect(upstream).toMatchObject({ path: '/users/1', status: 503, fault: 'status 503' });
      expect(upstream.detail?.requestHeaders?.['x-request-id']).toBeDefined();
      expect(upstream.detail?.responseBody).toContain('503');
      // The panel's hit count follows the requests the fault hit, without waiting for another change.
      const counted = await eventsUntil(session, (es) => es.some((e) => e.type === 'state' && e.faults.some((f) => f.id === faultId && f.hits >= 1)));
      const states = [...events, ...counted].flatMap((e) => (e.type === 'state' ? [e] : []));
      expect(states.some((s) => s.faults.some((f) => f.id === faultId && f.hits === 1))).toBe(true);

      const removed = await call<ControlResult>('control', { session, action: 'remove-fault', id: faultId });
      expect(removed.body).toMatchObject({ ok: true, faults: [] });
      expect((await call('request', { session, service: 'gateway', method: 'GET', path: '/users/1' })).body).toMatchObject({ status: 200 });

      const paused = await call<ControlResult>('control', { session, action: 'pause', service: 'orders' });
      expect(paused.body.services).toContainEqual({ name: 'orders', state: 'paused' });
      // The gateway gives up on a frozen upstream after its own time limit: 504.
      expect((await call('request', { session, service: 'gateway', method: 'GET', path: '/orders/1' })).body).toMatchObject({ status: 504 });
      const resumed = await call<ControlResult>('control', { session, action: 'resume', service: 'orders' });
      expect(resumed.body.services).toContainEqual({ name: 'orders', state: 'running' });

      const unknown = await call<ControlResult>('control', { session, action: 'kill', service: 'nobody' });
      expect(unknown.body).toMatchObject({ ok: false, error: 'no service named "nobody"' });
      const killed = await call<ControlResult>('control', { session, action: 'kill', service: 'users' });
      expect(killed.body.services).toContainEqual({ name: 'users', state: 'stopped' });
      expect((await call('request', { session, service: 'gateway', method: 'GET', path: '/users/1' })).body).toMatchObject({ status: 502 });
      const restarted = await call<ControlResult>('control', { session, action: 'restart', service: 'users' });
      expect(restarted.body).toMatchObject({ ok: true });
      expect((await call('request', { session, service: 'gateway', method: 'GET', path: '/users/1' })).body).toMatchObject({ status: 200 });

      // A fault scoped to the learner's own client reaches it (through the client's edge), and only it.
      const mine = await call<ControlResult>('control', { session, action: 'fault', service: 'gateway', fault: { kind: 'status', status: 418 }, scope: { from: 'you' } });
      expect(mine.body.ok).toBe(true);
      expect((await call('request', { session, service: 'gateway', method: 'GET', path: '/health' })).body).toMatchObject({ status: 418 });
      const later = await eventsUntil(session, (es) => es.some((e) => e.type === 'traffic' && e.entry.status === 418));
      expect(later.flatMap((e) => (e.type === 'traffic' ? [e.entry] : []))).toContainEqual(
        expect.objectContaining({ from: 'you', to: 'gateway', path: '/health', status: 418, fault: 'status 418' }),
      );
      const bad = await call<ControlResult>('control', { session, action: 'fault', service: 'gateway', fault: { kind: 'latency', ms: -5 } });
      expect(bad.body).toMatchObject({ ok: false, error: expect.stringContaining('ms must be a number of at least 0') });
      expect((await call<ControlResult>('control', { session, action: 'clear' })).body).toMatchObject({ ok: true, faults: [] });
    } finally {
      await call('stop', { session });
    }
  }, 60_000);

  test("a lab's own service named client is not the learner: its calls stay its own, and a fault scoped to you spares them", async () => {
    const discovery = loadLab('discovery-and-balancing');
    const run = await call<{ session: string; error?: string }>('run', { lab: 'discovery-and-balancing', files: discovery.solution });
    expect(run.body.error).toBeUndefined();
    const session = run.body.session;
    try {
      const mine = await call<ControlResult>('control', { session, action: 'fault', service: 'registry', fault: { kind: 'status', status: 503 }, scope: { from: 'you' } });
      expect(mine.body.ok).toBe(true);
      expect((await call('request', { session, service: 'registry', method: 'GET', path: '/services/echo' })).body).toMatchObject({ status: 503 });
      // The client service asks the same registry for the echo instances: not faulted, so it answers.
      let echoed: any;
      for (let i = 0; i < 40 && echoed?.status !== 200; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 50));
        echoed = (await call('request', { session, service: 'client', method: 'GET', path: '/echo?msg=hi' })).body;
      }
      expect(echoed).toMatchObject({ ok: true, status: 200 });
      const events = await eventsUntil(session, (es) => es.some((e) => e.type === 'traffic' && e.entry.from === 'client' && e.entry.to === 'registry'));
      const traffic = events.flatMap((e) => (e.type === 'traffic' ? [e.entry] : []));
      expect(traffic).toContainEqual(expect.objectContaining({ from: 'you', to: 'registry', status: 503, fault: 'status 503' }));
      expect(traffic).toContainEqual(expect.objectContaining({ from: 'you', to: 'client', path: '/echo?msg=hi', status: 200 }));
      const lookups = traffic.filter((e) => e.from === 'client' && e.to === 'registry');
      expect(lookups.length).toBeGreaterThan(0);
      expect(lookups.every((e) => e.status === 200 && !e.fault)).toBe(true);
    } finally {
      await call('stop', { session });
    }
  }, 60_000);
});
