/**
 * Every fault of the grader proven against a tiny real service: it happens, only where it was
 * scoped, and clear() removes it. The lab runs with the grader's own modules (real processes, real
 * HTTP through the real edge proxies); assertions are on what the calling service saw, what reached
 * the callee, and the traffic record. Only lower bounds on time: a delay can never come early.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { getJson, startFaultLab, type FaultLab } from './fault-lab.ts';

let f: FaultLab;
/** How many requests the callee had seen when the test began. */
let seenBefore = 0;
beforeAll(async () => {
  f = await startFaultLab(1234);
}, 30_000);
afterAll(() => f?.close());
// As the grader does before every check: no fault, no partition, nothing recorded, services up.
beforeEach(async () => {
  f.lab.renew();
  for (const s of f.lab.services.values()) {
    await s.resume();
    if (!s.running) await s.start();
  }
  seenBefore = (await f.seen()).length;
});

const faults = () => f.lab.faults.get('callee')!;
const edgeTraffic = () => f.lab.traffic.list({ from: 'caller', to: 'callee' });
const seenNow = async () => (await f.seen()).slice(seenBefore);
const seenPaths = async () => (await seenNow()).map((s) => `${s.method} ${s.path}`);

describe('faults on a service’s inbound traffic', () => {
  test('without a fault the call goes through and the traffic names both ends', async () => {
    const out = await f.call('/plain');
    expect(out.status).toBe(200);
    const [entry] = edgeTraffic();
    expect(entry).toMatchObject({ from: 'caller', to: 'callee', method: 'GET', path: '/plain', status: 200 });
    expect(entry!.fault).toBeUndefined();
    expect(entry!.error).toBeUndefined();
    expect(faults().requests.map((r) => [r.from, r.path])).toEqual([['caller', '/plain']]);
  });

  test('latency delays only the scoped path, and clear() removes it', async () => {
    const fault = faults().latency(300, { path: '/slow/*' });
    const slow = await f.call('/slow/1');
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(295);
    const fast = await f.call('/fast');
    expect(fast.status).toBe(200);
    expect(edgeTraffic().map((e) => [e.path, e.fault])).toEqual([
      ['/slow/1', 'latency 300ms'],
      ['/fast', undefined],
    ]);
    expect(fault.hits).toBe(1);
    faults().clear();
    expect(faults().active()).toEqual([]);
    await f.call('/slow/2');
    expect(edgeTraffic().at(-1)!.fault).toBeUndefined();
  });

  test('latency with jitter stays within ms ± jitterMs', async () => {
    faults().latency(200, { jitterMs: 100 });
    for (let i = 0; i < 3; i++) {
      const out = await f.call(`/j${i}`);
      expect(out.ms).toBeGreaterThanOrEqual(95);
    }
    expect(edgeTraffic().every((e) => e.fault === 'latency 200±100ms')).toBe(true);
  });

  test('a latency longer than the caller waits reads as a timeout', async () => {
    faults().latency(2000);
    const out = await f.call('/late', { timeout: 200 });
    expect(out.error).toBe('timeout');
    await f.lab.traffic.quiet(500);
    expect(edgeTraffic()[0]).toMatchObject({ error: 'timeout', fault: 'latency 2000ms' });
    expect(await seenPaths()).toEqual([]);
  });

  test('status answers without forwarding, for the next N matching requests only', async () => {
    const fault = faults().fail(503, { path: '/pay', times: 2, body: '{"error":"busy"}' });
    expect((await f.call('/pay')).status).toBe(503);
    expect((await f.call('/other')).status).toBe(200);
    expect(faults().active()).toEqual([fault]);
    const second = await f.call('/pay');
    expect(second).toMatchObject({ status: 503, text: '{"error":"busy"}' });
    // Spent after two hits: gone from active(), the third call reaches the service.
    expect(faults().active()).toEqual([]);
    expect((await f.call('/pay')).status).toBe(200);
    expect(await seenPaths()).toEqual(['GET /other', 'GET /pay']);
    expect(edgeTraffic().map((e) => e.fault ?? '-')).toEqual(['status 503', '-', 'status 503', '-']);
  });

  test('the legacy forms still work: fail(500, 1) and reset(1)', async () => {
    faults().fail(500, 1);
    expect((await f.call('/a')).status).toBe(500);
    expect((await f.call('/a')).status).toBe(200);
    faults().reset(1);
    expect((await f.call('/b')).error).toBeDefined();
    expect((await f.call('/b')).status).toBe(200);
  });

  test('a method scope leaves other methods alone', async () => {
    faults().fail(500, { method: 'post' });
    expect((await f.call('/m', { method: 'POST' })).status).toBe(500);
    expect((await f.call('/m', { method: 'GET' })).status).toBe(200);
  });

  test('reset before: the request never reaches the service', async () => {
    faults().reset({ when: 'before', path: '/r' });
    const out = await f.call('/r');
    expect(out.status).toBeUndefined();
    expect(out.error).toBeDefined();
    expect(await seenPaths()).toEqual([]);
    expect(edgeTraffic()[0]).toMatchObject({ error: 'reset', fault: 'reset before' });
    expect(edgeTraffic()[0]!.status).toBeUndefined();
  });

  test('reset after-request: the service handled it, the answer is lost', async () => {
    faults().reset({ when: 'after-request' });
    const out = await f.call('/r', { method: 'POST' });
    expect(out.status).toBeUndefined();
    expect(out.error).toBeDefined();
    expect(await seenPaths()).toEqual(['POST /r']);
    expect(edgeTraffic()[0]).toMatchObject({ error: 'reset', fault: 'reset after-request' });
  });

  test('reset after-head: the status arrives, the body does not', async () => {
    faults().reset({ when: 'after-head' });
    const out = await f.call('/h');
    expect(out.error).toBeDefined();
    expect(await seenPaths()).toEqual(['GET /h']);
    expect(edgeTraffic()[0]).toMatchObject({ status: 200, error: 'reset', fault: 'reset after-head' });
  });

  test('blackhole: accepted, never answered, until the caller gives up', async () => {
    faults().blackhole({ path: '/void' });
    const out = await f.call('/void', { timeout: 250 });
    expect(out.error).toBe('timeout');
    expect(out.ms).toBeGreaterThanOrEqual(245);
    expect((await f.call('/alive')).status).toBe(200);
    await f.lab.traffic.quiet(500);
    expect(edgeTraffic().map((e) => [e.path, e.error, e.fault])).toEqual([
      ['/void', 'timeout', 'blackhole'],
      ['/alive', undefined, undefined],
    ]);
    expect(await seenPaths()).toEqual(['GET /alive']);
  });

  test('truncate: the body is cut after N bytes and the caller sees a broken answer', async () => {
    faults().truncate(10);
    const out = await f.call('/t');
    expect(out.status).toBeUndefined();
    expect(out.error).toBeDefined();
    expect(edgeTraffic()[0]).toMatchObject({ status: 200, error: 'truncated', fault: 'truncate 10B' });
  });

  test('slow body: the whole body arrives, a chunk at a time', async () => {
    const plain = await f.call('/s');
    faults().slowBody(60, 40);
    const slow = await f.call('/s');
    expect(slow.status).toBe(200);
    expect(slow.length).toBe(plain.length);
    // Chunks of 60 bytes with 40 ms between them.
    const pauses = Math.ceil(plain.length! / 60) - 1;
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(slow.ms).toBeGreaterThanOrEqual(pauses * 40 - 5);
    expect(edgeTraffic()[1]).toMatchObject({ status: 200, fault: 'slow-body 60B/40ms' });
  });

  test('duplicate: the service gets the request twice, the caller one answer', async () => {
    faults().duplicate({ method: 'POST', path: '/pay' });
    const out = await f.call('/pay', { method: 'POST' });
    expect(out.status).toBe(200);
    // The answer is the first delivery's (the callee numbers what it sees).
    expect(JSON.parse(out.text!).n).toBe(seenBefore + 1);
    const seen = await seenNow();
    expect(seen.map((s) => `${s.method} ${s.path} ${s.body}`)).toEqual(['POST /pay {"a":1}', 'POST /pay {"a":1}']);
    faults().clear();
    await f.call('/pay', { method: 'POST' });
    expect((await seenNow()).length).toBe(3);
  });

  test('from: a fault scoped to the checks leaves the peers alone, and the checks go through the proxy', async () => {
    const direct = f.lab.route('callee');
    expect(direct.direct).toBe(true);
    faults().fail(500, { from: 'grader' });
    expect((await f.call('/peer')).status).toBe(200);
    const route = f.lab.route('callee');
    expect(route.direct).toBe(false);
    const port = Number(new URL(route.url).port);
    await expect(getJson(port, '/seen')).resolves.toMatchObject({ error: expect.stringContaining('500') });
    expect(f.lab.traffic.list({ from: 'grader' })).toMatchObject([{ to: 'callee', path: '/seen', status: 500, fault: 'status 500' }]);
  });

  test('a fault without `from` does not touch the checks’ own requests', async () => {
    faults().fail(500);
    expect(f.lab.route('callee').direct).toBe(true);
  });

  test('probability: some requests are hit and some not, the same way for the same seed', async () => {
    // Fresh labs, so the faults get the same ids (each fault draws from the stream of (seed, id)).
    const schedule = async (seed: number) => {
      const lab = await startFaultLab(seed);
      try {
        const fault = lab.lab.faults.get('callee')!.fail(500, { probability: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 16; i++) statuses.push((await lab.call(`/p${i}`)).status!);
        expect(fault.hits).toBe(statuses.filter((s) => s === 500).length);
        return statuses;
      } finally {
        await lab.close();
      }
    };
    const first = await schedule(99);
    const hit = first.filter((s) => s === 500).length;
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBeLessThan(16);
    expect(await schedule(99)).toEqual(first);
    expect(await schedule(100)).not.toEqual(first);
  }, 30_000);

  test('partition: both directions are cut, heal() restores them', async () => {
    f.lab.book.partition('caller', 'callee');
    const out = await f.call('/x');
    expect(out.error).toBeDefined();
    expect(edgeTraffic()[0]).toMatchObject({ error: 'partition' });
    expect(await seenPaths()).toEqual([]);
    // The other direction: callee → caller goes through its own edge, cut as well.
    const back = f.lab.edge('callee', 'caller');
    await expect(getJson(back.options.port, '/call?path=/y')).rejects.toThrow();
    f.lab.book.heal();
    expect((await f.call('/x')).status).toBe(200);
  });

  test('pause freezes the service (its callers time out), resume lets it go on', async () => {
    const callee = f.lab.services.get('callee')!;
    await callee.pause();
    expect(callee.paused).toBe(true);
    expect(f.lab.states()).toContainEqual({ name: 'callee', state: 'paused' });
    const out = await f.call('/frozen', { timeout: 300 });
    expect(out.error).toBe('timeout');
    await callee.resume();
    expect(callee.paused).toBe(false);
    expect((await f.call('/thawed')).status).toBe(200);
    expect(await seenPaths()).toContain('GET /thawed');
  });

  test('a paused service can be killed, and restart brings it back', async () => {
    const callee = f.lab.services.get('callee')!;
    await callee.pause();
    await callee.kill();
    expect(callee.running).toBe(false);
    expect(callee.paused).toBe(false);
    const out = await f.call('/dead');
    expect(out.error).toBeDefined();
    expect(edgeTraffic()[0]).toMatchObject({ error: 'refused' });
    await callee.restart();
    expect((await f.call('/alive')).status).toBe(200);
  });

  test('signal and waitForExit: SIGTERM ends a service that does not handle it', async () => {
    const callee = f.lab.services.get('callee')!;
    await callee.signal('SIGTERM');
    expect(await callee.waitForExit(3000)).toBe(true);
    expect(callee.running).toBe(false);
    await callee.start();
    expect(await callee.waitForExit(50)).toBe(false);
  });

  test('active() lists faults in order with their hits; remove() takes one away', async () => {
    const a = faults().latency(10);
    const b = faults().fail(418, { path: '/tea' });
    await f.call('/tea');
    expect(faults().active().map((x) => [x.fault.kind, x.hits])).toEqual([
      ['latency', 1],
      ['status', 1],
    ]);
    faults().remove(b);
    expect(faults().active()).toEqual([a]);
    expect((await f.call('/tea')).status).toBe(200);
    expect(f.lab.book.active()).toEqual([a]);
  });

  // Every kind, the same three steps: only the scoped path is hit, and clear() ends it.
  const kinds: [string, (c: ReturnType<typeof faults>) => void, (out: Awaited<ReturnType<FaultLab['call']>>) => boolean][] = [
    ['latency', (c) => c.latency(250, { path: '/hit' }), (out) => out.status === 200 && out.ms >= 245],
    ['status', (c) => c.fail(502, { path: '/hit' }), (out) => out.status === 502],
    ['reset before', (c) => c.reset({ when: 'before', path: '/hit' }), (out) => out.error !== undefined],
    ['reset after-request', (c) => c.reset({ when: 'after-request', path: '/hit' }), (out) => out.error !== undefined],
    ['reset after-head', (c) => c.reset({ when: 'after-head', path: '/hit' }), (out) => out.error !== undefined],
    ['blackhole', (c) => c.blackhole({ path: '/hit' }), (out) => out.error === 'timeout'],
    ['truncate', (c) => c.truncate(5, { path: '/hit' }), (out) => out.error !== undefined],
    ['slow-body', (c) => c.slowBody(100, 60, { path: '/hit' }), (out) => out.status === 200 && out.ms >= 115],
    ['duplicate', (c) => c.duplicate({ path: '/hit' }), (out) => out.status === 200],
  ];
  test.each(kinds)('%s: only where scoped, and clear() removes it', async (_kind, apply, hit) => {
    apply(faults());
    const miss = await f.call('/miss', { timeout: 300 });
    expect(miss.status).toBe(200);
    const faulted = await f.call('/hit', { timeout: 300 });
    expect(hit(faulted), JSON.stringify(faulted)).toBe(true);
    faults().clear();
    const after = await f.call('/hit', { timeout: 300 });
    expect(after.status).toBe(200);
    await f.lab.traffic.quiet(500);
    const [a, b, c] = edgeTraffic();
    expect(a!.fault).toBeUndefined();
    expect(b!.fault).toBeDefined();
    expect(c!.fault).toBeUndefined();
    const paths = await seenPaths();
    expect(paths.filter((p) => p === 'GET /hit').length).toBe(
      // What reached the callee: the miss, the hit unless the fault answered for it (twice when duplicated), the hit after clear().
      { 'reset before': 1, blackhole: 1, status: 1, duplicate: 3 }[_kind as string] ?? 2,
    );
  });

  test('a scope with a wrong value is refused, naming the field', () => {
    expect(() => faults().fail(500, { probability: 2 })).toThrow(/probability must be between 0 and 1/);
    expect(() => faults().latency(100, { path: 'no-slash' })).toThrow(/path must start with "\/"/);
    expect(() => faults().fail(42)).toThrow(/status must be an HTTP status/);
    expect(() => faults().slowBody(0, 10)).toThrow(/bytesPerChunk/);
    expect(() => faults().fail(500, { from: 'calller' })).toThrow(/from must be one of "caller", "callee", "grader", got "calller"/);
    expect(() => f.lab.book.partition('caller', 'nobody')).toThrow(/no service named "nobody"/);
  });
});
