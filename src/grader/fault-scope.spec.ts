import { describe, expect, test } from 'vitest';
import { describeFault, inScope, matchPath } from './fault-scope.ts';
import { FaultBook } from './fault-book.ts';
import { mulberry32, streamFor } from './random.ts';
import { TrafficLog } from './traffic.ts';

describe('path patterns', () => {
  test('exact, * within a segment, ** for any rest; the query is ignored', () => {
    expect(matchPath('/a', '/a?x=1')).toBe(true);
    expect(matchPath('/a', '/a/b')).toBe(false);
    expect(matchPath('/payments/*', '/payments/7')).toBe(true);
    expect(matchPath('/payments/*', '/payments/7/refund')).toBe(false);
    expect(matchPath('/api/**', '/api/v1/users/2')).toBe(true);
    expect(matchPath('/api/**', '/apix')).toBe(false);
    expect(matchPath('/a.b', '/aXb')).toBe(false);
  });

  test('scope: method (any case), path and from must all match', () => {
    const req = { method: 'POST', path: '/pay', from: 'orders', to: 'payments' };
    expect(inScope({ method: 'post', path: '/pay', from: 'orders' }, req)).toBe(true);
    expect(inScope({ from: 'grader' }, req)).toBe(false);
    expect(inScope({ method: 'GET' }, req)).toBe(false);
  });

  test('fault names for the traffic record', () => {
    expect(describeFault({ kind: 'latency', ms: 300 })).toBe('latency 300ms');
    expect(describeFault({ kind: 'reset', when: 'after-request' })).toBe('reset after-request');
    expect(describeFault({ kind: 'status', status: 500 })).toBe('status 500');
  });
});

describe('the fault book', () => {
  const req = { method: 'GET', path: '/x', from: 'a', to: 'b' };
  test('one delay and one other fault per request, first added first; times spends a fault', () => {
    const book = new FaultBook(1);
    book.add('b', { kind: 'latency', ms: 10 });
    book.add('b', { kind: 'status', status: 503 }, { times: 1 });
    book.add('b', { kind: 'status', status: 500 });
    expect(book.decide(req, false)).toMatchObject({ latencyMs: 10, fault: { status: 503 }, names: ['latency 10ms', 'status 503'] });
    expect(book.decide(req, false).fault).toMatchObject({ status: 500 });
    expect(book.active().map((f) => f.fault.kind)).toEqual(['latency', 'status']);
  });

  test('external callers are faulted only by faults scoped to them', () => {
    const book = new FaultBook(1);
    book.add('b', { kind: 'status', status: 500 });
    expect(book.decide({ ...req, from: 'grader' }, true).fault).toBeUndefined();
    book.add('b', { kind: 'blackhole' }, { from: 'grader' });
    expect(book.decide({ ...req, from: 'grader' }, true).fault).toEqual({ kind: 'blackhole' });
    expect(book.targets('grader', 'b')).toBe(true);
  });

  test('the same seed gives the same schedule; another seed another one', () => {
    const run = (seed: number) => {
      const book = new FaultBook(seed);
      book.add('b', { kind: 'status', status: 500 }, { probability: 0.3 });
      book.add('b', { kind: 'latency', ms: 100, jitterMs: 50 });
      return Array.from({ length: 40 }, () => {
        const d = book.decide(req, false);
        return `${d.fault ? 'x' : '.'}${d.latencyMs}`;
      });
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const hits = run(7).filter((s) => s.startsWith('x')).length;
    expect(hits).toBeGreaterThan(2);
    expect(hits).toBeLessThan(25);
    expect(run(7).every((s) => Number(s.slice(1)) >= 50 && Number(s.slice(1)) <= 150)).toBe(true);
  });

  test('partitions cut both directions and only those', () => {
    const book = new FaultBook(1);
    book.partition('a', 'b');
    expect(book.decide(req, false).partition).toBe(true);
    expect(book.decide({ ...req, from: 'b', to: 'a' }, false).partition).toBe(true);
    expect(book.decide({ ...req, from: 'c' }, false).partition).toBe(false);
    book.heal();
    expect(book.decide(req, false).partition).toBe(false);
  });
});

describe('seeded streams', () => {
  test('mulberry32 is repeatable and in [0, 1)', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(streamFor(5, 'fault:1')()).not.toBe(streamFor(5, 'fault:2')());
  });
});

describe('the traffic record', () => {
  test('filters, counts, nearest-rank percentiles and reset', () => {
    const log = new TrafficLog();
    [10, 20, 30, 40, 100].forEach((ms, i) => log.add({ from: 'a', to: 'b', method: 'GET', path: `/x/${i}`, status: 200, startMs: i, durationMs: ms }));
    log.add({ from: 'grader', to: 'a', method: 'POST', path: '/y', status: 201, startMs: 9, durationMs: 5 });
    expect(log.count({ to: 'b' })).toBe(5);
    expect(log.count({ path: '/x/*' })).toBe(5);
    expect(log.count({ from: 'grader', method: 'post' })).toBe(1);
    expect(log.percentile(50, { to: 'b' })).toBe(30);
    expect(log.percentile(95, { to: 'b' })).toBe(100);
    expect(log.percentile(0, { to: 'b' })).toBe(10);
    expect(log.percentile(50, { to: 'nobody' })).toBe(0);
    expect(() => log.percentile(101)).toThrow(/between 0 and 100/);
    log.reset();
    expect(log.list()).toEqual([]);
  });

  test('an exchange begun before restart() is not counted after it; open ones are reported as waiting', () => {
    const log = new TrafficLog();
    const generation = log.generation;
    const open = log.begin({ from: 'a', to: 'b', method: 'GET', path: '/w', startMs: 0, durationMs: 0 });
    expect(log.report().traffic).toMatchObject([{ path: '/w', error: 'no answer yet' }]);
    log.restart();
    log.end(open);
    log.add({ ...open, status: 200 }, undefined, generation);
    expect(log.list()).toEqual([]);
  });
});
