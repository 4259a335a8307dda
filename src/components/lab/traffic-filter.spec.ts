import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../engine/checks.ts';
import { trafficFilter } from './traffic-filter.ts';

const e = (from: string, to: string, method: string, path: string, more: Partial<TrafficEntry> = {}): TrafficEntry => ({ from, to, method, path, status: 200, startMs: 0, durationMs: 1, ...more });
const entries = [
  e('you', 'client', 'GET', '/echo?msg=hi'),
  e('client', 'registry', 'GET', '/services/echo'),
  e('echo-1', 'registry', 'PUT', '/services/echo/instances/echo-1', { status: 204 }),
  e('client', 'echo-2', 'GET', '/echo?msg=hi', { status: undefined, error: 'reset', fault: 'reset before' }),
  e('lb', 'api-1', 'GET', '/ready', { status: 503 }),
];
const kept = (query: string, callerName?: (n: string) => string) => entries.filter(trafficFilter(query, callerName)).map((x) => `${x.from}→${x.to} ${x.method} ${x.path}`);

describe('trafficFilter', () => {
  it('an empty query (or a lone dash) keeps everything', () => {
    expect(kept('')).toHaveLength(5);
    expect(kept('  -  ')).toHaveLength(5);
  });

  it('-word hides what matches it: the heartbeats and the readiness polls', () => {
    expect(kept('-PUT -/ready')).toEqual(['you→client GET /echo?msg=hi', 'client→registry GET /services/echo', 'client→echo-2 GET /echo?msg=hi']);
  });

  it('every plain word must match, in any field, ignoring case', () => {
    expect(kept('CLIENT echo?')).toEqual(['you→client GET /echo?msg=hi', 'client→echo-2 GET /echo?msg=hi']);
    expect(kept('503')).toEqual(['lb→api-1 GET /ready']);
    expect(kept('reset')).toEqual(['client→echo-2 GET /echo?msg=hi']);
  });

  it("matches the caller's name as the page shows it too", () => {
    expect(kept('http', (n) => (n === 'you' ? 'you (HTTP client)' : n))).toEqual(['you→client GET /echo?msg=hi']);
  });
});
