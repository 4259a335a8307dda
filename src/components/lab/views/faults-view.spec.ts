import { describe, expect, it } from 'vitest';
import { faultText } from './faults-view.ts';
import { parseHeaderLines } from './http-view.ts';

describe('the Faults panel lists active faults in a few words', () => {
  it('names the service, the fault and its scope', () => {
    expect(faultText({ id: 1, service: 'users', fault: { kind: 'latency', ms: 300 }, scope: {}, hits: 0 })).toBe('users: latency 300 ms');
    expect(faultText({ id: 2, service: 'users', fault: { kind: 'latency', ms: 300, jitterMs: 50 }, scope: { path: '/users/*', times: 2 }, hits: 1 })).toBe('users: latency 300 ms ± 50 (/users/* next 2)');
    expect(faultText({ id: 3, service: 'orders', fault: { kind: 'status', status: 503 }, scope: { method: 'POST', from: 'gateway' }, hits: 4 })).toBe('orders: status 503 (POST from gateway)');
    expect(faultText({ id: 4, service: 'orders', fault: { kind: 'reset', when: 'after-request' }, scope: { probability: 0.5 }, hits: 0 })).toBe('orders: reset after-request (p=0.5)');
    expect(faultText({ id: 5, service: 'a', fault: { kind: 'blackhole' }, scope: {}, hits: 0 })).toBe('a: blackhole');
    expect(faultText({ id: 6, service: 'a', fault: { kind: 'truncate', bytes: 10 }, scope: {}, hits: 0 })).toBe('a: truncate after 10 B');
  });
});

describe('the HTTP client reads header lines', () => {
  it('takes name: value per line, lower-cases names, keeps colons in values, skips the rest', () => {
    expect(parseHeaderLines('Content-Type: application/json\nx-request-id: abc:1\n\nnonsense\n: empty')).toEqual({ 'content-type': 'application/json', 'x-request-id': 'abc:1' });
  });
});
