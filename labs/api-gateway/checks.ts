import type { Check, CheckContext, RecordedRequest } from '../../src/engine/checks.ts';

/** The request an upstream received with this method and path (path includes the query). */
function received(requests: readonly RecordedRequest[], method: string, path: string): RecordedRequest | undefined {
  return requests.find((r) => r.method === method && r.path === path);
}

/** What an upstream received, for messages: `GET /users/1, POST /orders` or `nothing`. */
function seen(requests: readonly RecordedRequest[]): string {
  return requests.length === 0 ? 'nothing' : requests.map((r) => `${r.method} ${r.path}`).join(', ');
}

/** Why a request through the gateway got no answer: it crashed, or it is still waiting. */
async function noAnswer(t: CheckContext, request: string, fix: string): Promise<string> {
  // Give the grader a moment to notice a process that just exited.
  if (t.service('gateway').running) await t.sleep(200);
  return t.service('gateway').running
    ? `${request}: the gateway gave no answer within 2.5 s. ${fix}`
    : `${request}: the gateway stopped instead of answering (an error escaped its request handler; see its log). ${fix}`;
}

const checks: Check[] = [
  {
    id: 'health',
    title: { en: 'GET /health on the gateway answers 200 {"status":"ok"}', 'zh-cn': '网关的 GET /health 返回 200 {"status":"ok"}' },
    points: 1,
    async run({ http, expect }) {
      const res = await http('gateway').get('/health');
      expect.status(res, 200, 'the /health branch of the gateway (gateway.ts)');
      const body = expect.json(res, 'what /health sends: sendJson(res, 200, { status: "ok" })');
      expect.equal(body, { status: 'ok' }, 'the body of GET /health', 'the /health branch of gateway.ts');
    },
  },
  {
    id: 'route-users',
    title: { en: '/users and /users/<id> go to the users service', 'zh-cn': '/users 和 /users/<id> 转发到 users 服务' },
    points: 2,
    async run({ http, fault, expect }) {
      const res = await http('gateway').get('/users/1', { headers: { 'x-client': 'lab-check' } });
      expect.status(res, 200, 'routeFor() and forward() in gateway.ts: GET /users/1 goes to the users service (process.env.USERS_URL)');
      const user = expect.json(res, 'forward(): pass the upstream body back as it came');
      expect.equal(user.id, '1', 'the "id" of the user the gateway answered with', 'forward(): the body must be the users service\'s own answer');
      expect.equal(user.name, 'Ada Lovelace', 'the "name" of user 1', 'forward(): the body must be the users service\'s own answer');
      expect.ok(
        (res.headers['content-type'] ?? '').includes('application/json'),
        `GET /users/1 through the gateway: expected the users service's header content-type: application/json to come back, got ${res.headers['content-type'] ?? 'none'}. Look at how forward() copies the upstream's headers onto res.`,
      );

      const upstream = expect.defined(
        received(fault('users').requests, 'GET', '/users/1'),
        `GET /users/1: the users service should have received GET /users/1 through USERS_URL, but it received ${seen(fault('users').requests)}. Look at how forward() builds the upstream address.`,
      );
      expect.equal(
        upstream.headers['x-client'],
        'lab-check',
        'the header x-client (sent to the gateway) as the users service received it',
        'forward(): copy req.headers onto the upstream request, leaving out only host, connection, content-length and the like',
      );

      const missing = await http('gateway').get('/users/999');
      expect.status(missing, 404, 'forward(): the users service answers 404 for an unknown user, and the gateway passes that 404 back as it is');
      expect.json(missing, 'forward(): pass the upstream body back as it came');

      const list = await http('gateway').get('/users');
      expect.status(list, 200, 'routeFor(): the path /users itself belongs to the users service too, not only /users/...');
      expect.ok(Array.isArray(list.json), `GET /users through the gateway: expected the users service's list (a JSON array), got ${list.summary}.`);
    },
  },
  {
    id: 'route-orders',
    title: { en: 'POST /orders reaches the orders service with its body, and its answer comes back', 'zh-cn': 'POST /orders 连同请求体送达 orders 服务，其响应原样返回' },
    points: 2,
    async run({ http, fault, expect }) {
      const order = { userId: '1', item: 'Teapot', quantity: 2 };
      const res = await http('gateway').post('/orders', order);
      expect.status(res, 201, 'forward() in gateway.ts: send the method, the content-type header and the body (readBody(req)) on to the orders service');
      const created = expect.json(res, 'forward(): pass the upstream body back as it came');
      expect.equal(
        { userId: created.userId, item: created.item, quantity: created.quantity },
        order,
        'the order the gateway answered with',
        'forward(): the body sent upstream must be the body the client sent',
      );
      expect.ok(created.id !== undefined, `POST /orders: expected the created order to have an "id", got ${res.summary}.`);
      expect.equal(
        res.headers['location'],
        `/orders/${created.id}`,
        'the Location header the orders service set on its 201',
        'forward(): copy the upstream\'s headers onto the gateway\'s answer',
      );
      expect.ok(
        received(fault('orders').requests, 'POST', '/orders'),
        `POST /orders: the orders service should have received POST /orders through ORDERS_URL, but it received ${seen(fault('orders').requests)}. Look at the method and address forward() uses.`,
      );

      const back = await http('gateway').get(`/orders/${created.id}`);
      expect.status(back, 200, `routeFor(): /orders/<id> belongs to the orders service (it was asked for /orders/${created.id})`);
      expect.equal(back.json, created, `the body of GET /orders/${created.id} through the gateway`, 'forward(): pass the upstream body back as it came');
    },
  },
  {
    id: 'request-id-passed-on',
    title: { en: 'An incoming x-request-id goes to the upstream and comes back', 'zh-cn': '请求自带的 x-request-id 传给上游并随响应返回' },
    points: 2,
    async run({ http, fault, expect }) {
      const id = `check-${Date.now().toString(36)}`;
      const res = await http('gateway').get('/users/2', { headers: { 'x-request-id': id } });
      expect.status(res, 200, 'routeFor() and forward() in gateway.ts: GET /users/2 goes to the users service');
      const upstream = expect.defined(
        received(fault('users').requests, 'GET', '/users/2'),
        `GET /users/2: the users service received ${seen(fault('users').requests)}, not GET /users/2.`,
      );
      expect.equal(
        upstream.headers['x-request-id'],
        id,
        'the x-request-id the users service received',
        'forward(): when the caller sends x-request-id, pass that same id on; do not make a new one',
      );
      expect.equal(
        res.headers['x-request-id'],
        id,
        'the x-request-id header on the gateway\'s answer',
        'the gateway\'s answer: res.setHeader("x-request-id", id) with the caller\'s id',
      );
    },
  },
  {
    id: 'request-id-created',
    title: { en: 'Without x-request-id the gateway creates one, sends it upstream and returns it', 'zh-cn': '没有 x-request-id 时网关生成一个，发给上游并随响应返回' },
    points: 2,
    async run({ http, fault, expect }) {
      const first = await http('gateway').get('/users/1');
      expect.status(first, 200, 'routeFor() and forward() in gateway.ts: GET /users/1 goes to the users service');
      const returned = first.headers['x-request-id'];
      expect.ok(
        returned,
        `GET /users/1 without x-request-id: expected the gateway's answer to carry a new x-request-id header, got none. Look at where the gateway creates an id with randomUUID() and res.setHeader("x-request-id", id).`,
      );
      const upstream = expect.defined(
        received(fault('users').requests, 'GET', '/users/1'),
        `GET /users/1: the users service received ${seen(fault('users').requests)}, not GET /users/1.`,
      );
      expect.equal(
        upstream.headers['x-request-id'],
        returned,
        'the x-request-id the users service received (it must be the one the gateway answered with)',
        'forward(): create the id once, then use it both for the upstream request and for the answer',
      );

      const second = await http('gateway').get('/users/1');
      expect.ok(
        second.headers['x-request-id'] && second.headers['x-request-id'] !== returned,
        `Two requests without x-request-id got the ids ${JSON.stringify(returned)} and ${JSON.stringify(second.headers['x-request-id'])}: each request needs its own id. Look at where the gateway calls randomUUID(): once per request.`,
      );
    },
  },
  {
    id: 'unknown-path',
    title: { en: 'Unknown paths get 404 JSON from the gateway itself', 'zh-cn': '未知路径由网关自己返回 404 JSON' },
    points: 1,
    async run({ http, fault, expect }) {
      const res = await http('gateway').get('/nowhere');
      expect.status(res, 404, 'the fallback of the gateway: a path no upstream owns answers 404');
      const body = expect.json(res, 'the 404 answer: send {"error": "..."} as JSON');
      expect.ok(typeof body.error === 'string', `GET /nowhere: expected {"error": "<reason>"}, got ${res.summary}.`);

      const lookalike = await http('gateway').get('/usersettings');
      expect.status(lookalike, 404, 'routeFor(): /usersettings is not /users nor /users/..., so no upstream owns it');
      expect.ok(
        fault('users').count === 0,
        `GET /usersettings: the gateway sent it to the users service (which received ${seen(fault('users').requests)}). Only /users and /users/... belong to users: match whole path segments in routeFor(), not startsWith('/users').`,
      );
      expect.json(lookalike, 'the 404 answer: send {"error": "..."} as JSON');
    },
  },
  {
    id: 'users-down-502',
    title: { en: 'With users down, /users answers 502 JSON at once and /orders still works', 'zh-cn': 'users 宕机时 /users 立即返回 502 JSON，/orders 照常工作' },
    points: 2,
    async run(t) {
      const { http, service, fault, expect } = t;
      await service('users').kill();
      const res = expect.defined(
        await http('gateway').attempt('GET', '/users/1', { timeoutMs: 2500 }),
        await noAnswer(
          t,
          'GET /users/1 with the users service down',
          'Catch the error fetch throws when the upstream cannot be reached and answer 502 with {"error": "upstream users unavailable", "upstream": "users"}.',
        ),
      );
      expect.status(res, 502, 'the catch around fetch in forward(): an upstream that cannot be reached (connection refused or reset) is a 502 Bad Gateway');
      expect.ok(
        fault('users').count > 0,
        'GET /users/1 with the users service down: the gateway never even tried USERS_URL. It must forward to the upstream and report what happens.',
      );
      const body = expect.json(res, 'the 502 answer: send {"error": "...", "upstream": "users"} as JSON');
      expect.equal(body.upstream, 'users', 'the "upstream" field of the 502 answer', 'the 502 answer must name the upstream that failed');
      expect.ok(typeof body.error === 'string', `GET /users/1 with users down: expected an "error" string in the 502 answer, got ${res.summary}.`);
      expect.ok(
        res.durationMs < 1500,
        `GET /users/1 with users down: the 502 took ${Math.round(res.durationMs)} ms. A dead upstream refuses the connection at once, so the gateway can answer at once: do not wait for the timeout.`,
      );

      const orders = await http('gateway').get('/orders/1');
      expect.status(orders, 200, 'the gateway with users down: orders has nothing to do with users and must keep working');
    },
  },
  {
    id: 'orders-slow-504',
    title: { en: 'A slow orders service gets a 504 JSON within about 1 s', 'zh-cn': 'orders 服务过慢时约 1 秒内返回 504 JSON' },
    points: 2,
    async run(t) {
      const { http, fault, expect } = t;
      fault('orders').latency(3000);
      const res = expect.defined(
        await http('gateway').attempt('GET', '/orders/1', { timeoutMs: 2500 }),
        await noAnswer(
          t,
          'GET /orders/1 with orders taking 3 s to answer',
          'Give fetch a time limit (signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS), 1000 ms), catch the error it throws when the time runs out and answer 504.',
        ),
      );
      expect.status(res, 504, 'the catch around fetch in forward(): an upstream that does not answer in time is a 504 Gateway Timeout (error.name === "TimeoutError")');
      const body = expect.json(res, 'the 504 answer: send {"error": "...", "upstream": "orders"} as JSON');
      expect.equal(body.upstream, 'orders', 'the "upstream" field of the 504 answer', 'the 504 answer must name the upstream that was too slow');
      expect.ok(typeof body.error === 'string', `GET /orders/1 with orders slow: expected an "error" string in the 504 answer, got ${res.summary}.`);
      expect.ok(
        res.durationMs < 2000,
        `GET /orders/1 with orders slow: the 504 came after ${Math.round(res.durationMs)} ms. Give up after about 1000 ms (UPSTREAM_TIMEOUT_MS in gateway.ts).`,
      );
    },
  },
];

export default checks;
