import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../engine/checks.ts';
import { describeRow, groupRows, kindOf, lifelineHeads, lifelines, trafficLines, trafficSvg, type DiagramText } from './traffic-diagram.ts';

const text: DiagramText = { callerName: (n) => (n === 'you' ? 'you (HTTP client)' : n), fault: 'fault', noAnswer: 'no answer', times: (n) => `${n} times` };
const services = ['gateway', 'users', 'orders'];
const e = (from: string, to: string, extra: Partial<TrafficEntry> = {}): TrafficEntry => ({ from, to, method: 'GET', path: '/users/1', status: 200, startMs: 0, durationMs: 3, ...extra });

describe('traffic diagram', () => {
  it('has one lifeline for the client, then every service in manifest order, then unknown names', () => {
    expect(lifelines([e('you', 'gateway'), e('gateway', 'users')], services)).toEqual(['you', 'gateway', 'users', 'orders']);
    expect(lifelines([e('grader', 'gateway'), e('gateway', 'billing')], services)).toEqual(['grader', 'gateway', 'users', 'orders', 'billing']);
    expect(lifelines([], services)).toEqual(services);
  });

  it('marks faults, failures and 4xx differently, and groups runs of identical exchanges', () => {
    expect(kindOf(e('a', 'b'))).toBe('ok');
    expect(kindOf(e('a', 'b', { status: 404 }))).toBe('client-error');
    expect(kindOf(e('a', 'b', { status: 502 }))).toBe('error');
    expect(kindOf(e('a', 'b', { status: undefined, error: 'refused' }))).toBe('error');
    expect(kindOf(e('a', 'b', { status: 200, fault: 'latency 300ms' }))).toBe('fault');
    const rows = groupRows([e('gateway', 'users', { startMs: 1 }), e('gateway', 'users', { startMs: 5 }), e('gateway', 'users', { startMs: 9 }), e('gateway', 'orders', { startMs: 12 }), e('gateway', 'users', { startMs: 20 })]);
    expect(rows.map((r) => [r.entry.to, r.count, r.index])).toEqual([['users', 3, 2], ['orders', 1, 3], ['users', 1, 4]]);
    // In the order they began, whatever order they ended in.
    expect(groupRows([e('gateway', 'users', { startMs: 5 }), e('you', 'gateway', { startMs: 2 })]).map((r) => [r.entry.from, r.index])).toEqual([['you', 1], ['gateway', 0]]);
    // A different outcome breaks the run.
    expect(groupRows([e('a', 'b'), e('a', 'b', { status: 500 })])).toHaveLength(2);
  });

  it('says every exchange in words: ends, method, path, outcome, time and fault', () => {
    const [row] = groupRows([e('you', 'gateway', { status: 502, startMs: 12.4, durationMs: 7.6, fault: undefined })]);
    expect(describeRow(row!, text)).toBe('+12 ms · you (HTTP client) → gateway: GET /users/1 → 502 · 8 ms');
    const lines = trafficLines([e('gateway', 'users', { status: undefined, error: 'refused', startMs: 3, durationMs: 1 }), e('gateway', 'users', { status: 500, fault: 'status 500', startMs: 4 }), e('gateway', 'users', { status: 500, fault: 'status 500', startMs: 6 })], text);
    expect(lines).toEqual(['+3 ms · gateway → users: GET /users/1 → no answer (refused) · 1 ms', '+6 ms · gateway → users: GET /users/1 → 500 · 3 ms · fault: status 500 · 2 times']);
  });

  it('draws escaped SVG with a title, a description, one arrow per row and icons on the faulted ones', () => {
    const svg = trafficSvg([e('you', 'gateway', { path: '/users/<script>' }), e('gateway', 'users', { status: 500, fault: 'status 500', startMs: 2 })], { services, text, title: 'Traffic', description: 'two exchanges', interactive: true, selected: 1 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<title>Traffic</title><desc>two exchanges</desc>');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('/users/&lt;script&gt;');
    expect(svg.match(/class="tr-row /g)).toHaveLength(2);
    // One tab stop: the selected arrow (else the newest); the others are reached with the arrow keys.
    expect(svg.match(/tabindex="0"/g)).toHaveLength(1);
    expect(svg.match(/tabindex="-1"/g)).toHaveLength(1);
    expect(trafficSvg([e('you', 'gateway'), e('gateway', 'users', { startMs: 1 })], { services, text, title: 'T', description: 'd', interactive: true })).toContain('data-index="1" tabindex="0"');
    expect(svg).toContain('class="tr-row tr-fault tr-selected" data-index="1" tabindex="0" role="button" aria-pressed="true"');
    expect(svg).toContain('⚡ GET /users/1 → 500');
    expect(svg.match(/class="tr-life"/g)).toHaveLength(4);
    // Not interactive: one image, no focusable arrows.
    const still = trafficSvg([e('grader', 'gateway')], { services, text, title: 'T', description: 'd' });
    expect(still).toContain('role="img"');
    expect(still).not.toContain('tabindex');
  });

  it('stays one row per distinct exchange at 60 exchanges, the height growing with the rows', () => {
    const many = Array.from({ length: 60 }, (_, i) => e('gateway', i % 2 ? 'users' : 'orders', { startMs: i }));
    const svg = trafficSvg(many, { services, text, title: 'T', description: 'd' });
    expect(svg.match(/class="tr-row /g)).toHaveLength(60);
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThan(60 * 25);
  });

  it('can draw the lifeline names apart (a sticky row in the page), as wide as the diagram', () => {
    const entries = [e('you', 'gateway')];
    const body = trafficSvg(entries, { services, text, title: 'T', description: 'd', heads: false });
    const heads = lifelineHeads(entries, { services, text });
    expect(body).not.toContain('tr-head');
    expect(heads.match(/class="tr-head"/g)).toHaveLength(4);
    expect(heads).toContain('>you (HTTP client)<');
    expect(/width="(\d+)"/.exec(heads)![1]).toBe(/width="(\d+)"/.exec(body)![1]);
    expect(trafficSvg(entries, { services, text, title: 'T', description: 'd' }).match(/class="tr-head"/g)).toHaveLength(4);
  });
});
