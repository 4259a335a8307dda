import { describe, expect, test } from 'vitest';
import { breakSolution, expectCheckFails, grade, loadLab, summary } from './lab-harness.ts';

const lab = loadLab('api-gateway');

/** For each check, a broken copy of the solution's gateway.ts on which that check must fail. */
const variants: Record<string, [string | RegExp, string][]> = {
  // The health answer is wrong.
  health: [["return sendJson(res, 200, { status: 'ok' });", "return sendJson(res, 200, { status: 'up' });"]],
  // /users goes to the wrong upstream.
  'route-users': [['users: process.env.USERS_URL,', 'users: process.env.ORDERS_URL,']],
  // The request body is dropped on the way to the upstream.
  'route-orders': [['body: hasBody ? body : undefined,', 'body: undefined,']],
  // The caller's request id is ignored: a new one every time.
  'request-id-passed-on': [["typeof incoming === 'string' && incoming !== '' ? incoming : randomUUID()", 'randomUUID()']],
  // A created id is returned but never sent upstream (an incoming one still goes through with the other headers).
  'request-id-created': [["headers['x-request-id'] = requestId;", '']],
  // Sloppy prefix matching: /usersettings goes to users.
  'unknown-path': [["pathname === prefix || pathname.startsWith(prefix + '/')", 'pathname.startsWith(prefix)']],
  // Every upstream failure is reported as a timeout (504), a dead upstream included.
  'users-down-502': [["if ((error as Error).name === 'TimeoutError') {", 'if (true) {']],
  // No time limit on the upstream call: a slow upstream makes the gateway slow.
  'orders-slow-504': [['signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),', '']],
  // Only the path goes upstream, the query string is lost.
  'query-string': [['${url.pathname}${url.search}', '${url.pathname}']],
  // An upstream's 5xx answer is turned into 502.
  'upstream-error-passed-back': [['res.writeHead(answer.status, back);', 'res.writeHead(answer.status >= 500 ? 502 : answer.status, back);']],
  // An upstream that failed once is remembered as dead forever.
  'recovers-after-restart': [
    ['async function forward(', 'const dead = new Set<string>();\nasync function forward('],
    ['const base = upstreams[name];', "if (dead.has(name)) return sendJson(res, 502, { error: `upstream ${name} unavailable`, upstream: name });\n  const base = upstreams[name];"],
    ['} catch (error) {', '} catch (error) {\n    dead.add(name);'],
  ],
};

describe('lab api-gateway', () => {
  test('the solution gets full marks, hidden checks included', async () => {
    const results = await grade(lab, lab.solution);
    expect(results.status, summary(results)).toBe('pass');
    expect(results.score).toBe(results.maxScore);
    expect(results.checks.some((c) => c.hidden)).toBe(true);
    expect(results.checks.length).toBeGreaterThanOrEqual(5);
  });

  test('the starter runs but does not get full marks', async () => {
    const results = await grade(lab, lab.starter);
    expect(results.status).toBe('fail');
    expect(results.score).toBeLessThan(results.maxScore);
    expect(results.checks.every((c) => c.message.length > 0)).toBe(true);
  });

  test('every check has a broken variant', async () => {
    const results = await grade(lab, lab.solution);
    expect(Object.keys(variants).sort()).toEqual(results.checks.map((c) => c.id).sort());
  });

  test.each(Object.entries(variants))('check %s fails on its broken variant', async (id, replacements) => {
    const results = await grade(lab, breakSolution(lab, 'gateway.ts', replacements));
    expectCheckFails(results, id);
  });
});
