import { expect } from 'vitest';
import { describeLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution's gateway.ts on which that check must fail. */
const variants: Variants = {
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

describeLab('api-gateway', {
  file: 'gateway.ts',
  variants,
  soakRuns: 10,
  traffic(results) {
    const check = (id: string) => results.checks.find((c) => c.id === id)!.traffic;
    // The gateway's call to users is recorded on the gateway→users edge, with the caller's request.
    expect(check('route-users')).toContainEqual(expect.objectContaining({ from: 'gateway', to: 'users', method: 'GET', status: 200 }));
    // The slow upstream: the grader's latency fault is named, and the gateway gave up on it.
    const slow = check('orders-slow-504').filter((e) => e.from === 'gateway' && e.to === 'orders');
    expect(slow).toMatchObject([{ fault: 'latency 3000ms', error: 'timeout' }]);
    expect(check('orders-slow-504')).toContainEqual(expect.objectContaining({ from: 'grader', to: 'gateway', status: 504 }));
    // A dead upstream refuses the connection.
    expect(check('users-down-502')).toContainEqual(expect.objectContaining({ from: 'gateway', to: 'users', error: 'refused' }));
  },
});
