import type { Check } from '../../src/engine/checks.ts';
import { received, seen, noAnswer } from './check-helpers.ts';

const checks: Check[] = [
  {
    id: 'health',
    title: { en: 'GET /health on the gateway answers 200 {"status":"ok"}', 'zh-cn': '网关的 GET /health 返回 200 {"status":"ok"}' },
    points: 1,
    async run({ http, expect }) {
      const res = await http('gateway').get('/health');
      expect.status(res, 200, { en: 'the /health branch of the gateway (gateway.ts)', 'zh-cn': '网关（gateway.ts）中处理 /health 的分支' });
      const body = expect.json(res, {
        en: 'what /health sends: sendJson(res, 200, { status: "ok" })',
        'zh-cn': '/health 分支发送的内容，应为 sendJson(res, 200, { status: "ok" })',
      });
      expect.equal(
        body,
        { status: 'ok' },
        { en: 'the body of GET /health', 'zh-cn': 'GET /health 的响应体' },
        { en: 'the /health branch of gateway.ts', 'zh-cn': 'gateway.ts 中处理 /health 的分支' },
      );
    },
  },
  {
    id: 'route-users',
    title: { en: '/users and /users/<id> go to the users service', 'zh-cn': '/users 和 /users/<id> 转发到 users 服务' },
    points: 2,
    expectedMs: 150,
    async run({ http, fault, expect }) {
      const res = await http('gateway').get('/users/1', { headers: { 'x-client': 'lab-check' } });
      expect.status(res, 200, {
        en: 'routeFor() and forward() in gateway.ts: GET /users/1 goes to the users service (process.env.USERS_URL)',
        'zh-cn': 'gateway.ts 中的 routeFor() 和 forward()，GET /users/1 应转发到 users 服务（process.env.USERS_URL）',
      });
      const user = expect.json(res, {
        en: 'forward(): pass the upstream body back as it came',
        'zh-cn': 'forward() 是否把上游的响应体原样传回',
      });
      expect.equal(
        user.id,
        '1',
        { en: 'the "id" of the user the gateway answered with', 'zh-cn': '网关返回的用户数据中的 "id" 字段' },
        { en: 'forward(): the body must be the users service\'s own answer', 'zh-cn': 'forward()，响应体必须原样来自 users 服务' },
      );
      expect.equal(
        user.name,
        'Ada Lovelace',
        { en: 'the "name" of user 1', 'zh-cn': '用户 1 的 "name" 字段' },
        { en: 'forward(): the body must be the users service\'s own answer', 'zh-cn': 'forward()，响应体必须原样来自 users 服务' },
      );
      const contentType = res.headers['content-type'];
      expect.ok((contentType ?? '').includes('application/json'), {
        en: `GET /users/1 through the gateway: expected the users service's header content-type: application/json to come back, got ${contentType ?? 'none'}. Look at how forward() copies the upstream's headers onto res.`,
        'zh-cn': `GET /users/1（经网关）：期望带回 users 服务的响应头 content-type: application/json，${contentType === undefined ? '实际没有这个响应头' : `实际得到 ${contentType}`}。请检查 forward() 如何把上游的响应头复制到 res 上。`,
      });

      const upstream = expect.defined(received(fault('users').requests, 'GET', '/users/1'), {
        en: `GET /users/1: the users service should have received GET /users/1 through USERS_URL, but it received ${seen(fault('users').requests, 'en')}. Look at how forward() builds the upstream address.`,
        'zh-cn': `GET /users/1：users 服务本应通过 USERS_URL 收到 GET /users/1，实际收到的请求：${seen(fault('users').requests, 'zh-cn')}。请检查 forward() 如何构造上游地址。`,
      });
      expect.equal(
        upstream.headers['x-client'],
        'lab-check',
        {
          en: 'the header x-client (sent to the gateway) as the users service received it',
          'zh-cn': '发给网关的 x-client 请求头到达 users 服务时的值',
        },
        {
          en: 'forward(): copy req.headers onto the upstream request, leaving out only host, connection, content-length and the like',
          'zh-cn': 'forward() 是否把 req.headers 复制到发往上游的请求上，只去掉 host、connection、content-length 这类请求头',
        },
      );

      const missing = await http('gateway').get('/users/999');
      expect.status(missing, 404, {
        en: 'forward(): the users service answers 404 for an unknown user, and the gateway passes that 404 back as it is',
        'zh-cn': 'forward()，users 服务对不存在的用户返回 404，网关应把这个 404 原样传回',
      });
      expect.json(missing, {
        en: 'forward(): pass the upstream body back as it came',
        'zh-cn': 'forward() 是否把上游的响应体原样传回',
      });

      const list = await http('gateway').get('/users');
      expect.status(list, 200, {
        en: 'routeFor(): the path /users itself belongs to the users service too, not only /users/...',
        'zh-cn': 'routeFor()，不只是 /users/...，路径 /users 本身也归 users 服务',
      });
      expect.ok(Array.isArray(list.json), {
        en: `GET /users through the gateway: expected the users service's list (a JSON array), got ${list.summary}.`,
        'zh-cn': `GET /users（经网关）：期望得到 users 服务返回的列表（JSON 数组），实际得到 ${list.summary}。`,
      });
    },
  },
  {
    id: 'route-orders',
    title: { en: 'POST /orders reaches the orders service with its body, and its answer comes back', 'zh-cn': 'POST /orders 连同请求体送达 orders 服务，其响应原样返回' },
    points: 2,
    async run({ http, fault, expect }) {
      const order = { userId: '1', item: 'Teapot', quantity: 2 };
      const res = await http('gateway').post('/orders', order);
      expect.status(res, 201, {
        en: 'forward() in gateway.ts: send the method, the content-type header and the body (readBody(req)) on to the orders service',
        'zh-cn': 'gateway.ts 中的 forward()，要把请求方法、content-type 请求头和请求体（readBody(req)）一并发给 orders 服务',
      });
      const created = expect.json(res, {
        en: 'forward(): pass the upstream body back as it came',
        'zh-cn': 'forward() 是否把上游的响应体原样传回',
      });
      expect.equal(
        { userId: created.userId, item: created.item, quantity: created.quantity },
        order,
        { en: 'the order the gateway answered with', 'zh-cn': '网关返回的订单' },
        {
          en: 'forward(): the body sent upstream must be the body the client sent',
          'zh-cn': 'forward()，发往上游的请求体必须就是客户端发来的那个',
        },
      );
      expect.ok(created.id !== undefined, {
        en: `POST /orders: expected the created order to have an "id", got ${res.summary}.`,
        'zh-cn': `POST /orders：期望新建的订单带有 "id" 字段，实际得到 ${res.summary}。`,
      });
      expect.equal(
        res.headers['location'],
        `/orders/${created.id}`,
        { en: 'the Location header the orders service set on its 201', 'zh-cn': 'orders 服务在 201 响应上设置的 Location 响应头' },
        { en: 'forward(): copy the upstream\'s headers onto the gateway\'s answer', 'zh-cn': 'forward() 是否把上游的响应头复制到网关的响应上' },
      );
      expect.ok(received(fault('orders').requests, 'POST', '/orders'), {
        en: `POST /orders: the orders service should have received POST /orders through ORDERS_URL, but it received ${seen(fault('orders').requests, 'en')}. Look at the method and address forward() uses.`,
        'zh-cn': `POST /orders：orders 服务本应通过 ORDERS_URL 收到 POST /orders，实际收到的请求：${seen(fault('orders').requests, 'zh-cn')}。请检查 forward() 使用的请求方法和地址。`,
      });

      const back = await http('gateway').get(`/orders/${created.id}`);
      expect.status(back, 200, {
        en: `routeFor(): /orders/<id> belongs to the orders service (it was asked for /orders/${created.id})`,
        'zh-cn': `routeFor()，/orders/<id> 归 orders 服务（这次请求的是 /orders/${created.id}）`,
      });
      expect.equal(
        back.json,
        created,
        { en: `the body of GET /orders/${created.id} through the gateway`, 'zh-cn': `经网关请求 GET /orders/${created.id} 得到的响应体` },
        { en: 'forward(): pass the upstream body back as it came', 'zh-cn': 'forward() 是否把上游的响应体原样传回' },
      );
    },
  },
  {
    id: 'request-id-passed-on',
    title: { en: 'An incoming x-request-id goes to the upstream and comes back', 'zh-cn': '请求自带的 x-request-id 传给上游并随响应返回' },
    points: 2,
    async run({ http, fault, expect }) {
      const id = `check-${Date.now().toString(36)}`;
      const res = await http('gateway').get('/users/2', { headers: { 'x-request-id': id } });
      expect.status(res, 200, {
        en: 'routeFor() and forward() in gateway.ts: GET /users/2 goes to the users service',
        'zh-cn': 'gateway.ts 中的 routeFor() 和 forward()，GET /users/2 应转发到 users 服务',
      });
      const upstream = expect.defined(received(fault('users').requests, 'GET', '/users/2'), {
        en: `GET /users/2: the users service received ${seen(fault('users').requests, 'en')}, not GET /users/2.`,
        'zh-cn': `GET /users/2：users 服务没有收到 GET /users/2，实际收到的请求：${seen(fault('users').requests, 'zh-cn')}。`,
      });
      expect.equal(
        upstream.headers['x-request-id'],
        id,
        { en: 'the x-request-id the users service received', 'zh-cn': 'users 服务收到的 x-request-id' },
        {
          en: 'forward(): when the caller sends x-request-id, pass that same id on; do not make a new one',
          'zh-cn': 'forward()，调用方带了 x-request-id 时，要把这个 ID 原样传下去，不要另外生成',
        },
      );
      expect.equal(
        res.headers['x-request-id'],
        id,
        { en: 'the x-request-id header on the gateway\'s answer', 'zh-cn': '网关响应中的 x-request-id 响应头' },
        {
          en: 'the gateway\'s answer: res.setHeader("x-request-id", id) with the caller\'s id',
          'zh-cn': '网关的响应是否用调用方的 ID 调用了 res.setHeader("x-request-id", id)',
        },
      );
    },
  },
  {
    id: 'request-id-created',
    title: { en: 'Without x-request-id the gateway creates one, sends it upstream and returns it', 'zh-cn': '没有 x-request-id 时网关生成一个，发给上游并随响应返回' },
    points: 2,
    async run({ http, fault, expect }) {
      const first = await http('gateway').get('/users/1');
      expect.status(first, 200, {
        en: 'routeFor() and forward() in gateway.ts: GET /users/1 goes to the users service',
        'zh-cn': 'gateway.ts 中的 routeFor() 和 forward()，GET /users/1 应转发到 users 服务',
      });
      const returned = first.headers['x-request-id'];
      expect.ok(returned, {
        en: `GET /users/1 without x-request-id: expected the gateway's answer to carry a new x-request-id header, got none. Look at where the gateway creates an id with randomUUID() and res.setHeader("x-request-id", id).`,
        'zh-cn': `GET /users/1（不带 x-request-id）：期望网关的响应带上新生成的 x-request-id 响应头，实际没有。请检查网关在哪里用 randomUUID() 生成 ID，并调用 res.setHeader("x-request-id", id)。`,
      });
      const upstream = expect.defined(received(fault('users').requests, 'GET', '/users/1'), {
        en: `GET /users/1: the users service received ${seen(fault('users').requests, 'en')}, not GET /users/1.`,
        'zh-cn': `GET /users/1：users 服务没有收到 GET /users/1，实际收到的请求：${seen(fault('users').requests, 'zh-cn')}。`,
      });
      expect.equal(
        upstream.headers['x-request-id'],
        returned,
        {
          en: 'the x-request-id the users service received (it must be the one the gateway answered with)',
          'zh-cn': 'users 服务收到的 x-request-id（必须与网关响应中的相同）',
        },
        {
          en: 'forward(): create the id once, then use it both for the upstream request and for the answer',
          'zh-cn': 'forward()，ID 只生成一次，发往上游的请求和网关的响应都用这同一个 ID',
        },
      );

      const second = await http('gateway').get('/users/1');
      expect.ok(second.headers['x-request-id'] && second.headers['x-request-id'] !== returned, {
        en: `Two requests without x-request-id got the ids ${JSON.stringify(returned)} and ${JSON.stringify(second.headers['x-request-id'])}: each request needs its own id. Look at where the gateway calls randomUUID(): once per request.`,
        'zh-cn': `两个不带 x-request-id 的请求拿到的 ID 分别是 ${JSON.stringify(returned)} 和 ${JSON.stringify(second.headers['x-request-id'])}，但每个请求都应有自己的 ID。请检查网关在哪里调用 randomUUID()：每个请求都要调用一次。`,
      });
    },
  },
  {
    id: 'unknown-path',
    title: { en: 'Unknown paths get 404 JSON from the gateway itself', 'zh-cn': '未知路径由网关自己返回 404 JSON' },
    points: 1,
    async run({ http, fault, expect }) {
      const res = await http('gateway').get('/nowhere');
      expect.status(res, 404, {
        en: 'the fallback of the gateway: a path no upstream owns answers 404',
        'zh-cn': '网关的兜底分支，不归任何上游的路径应返回 404',
      });
      const body = expect.json(res, {
        en: 'the 404 answer: send {"error": "..."} as JSON',
        'zh-cn': '404 响应是否以 JSON 形式发送 {"error": "..."}',
      });
      expect.ok(typeof body.error === 'string', {
        en: `GET /nowhere: expected {"error": "<reason>"}, got ${res.summary}.`,
        'zh-cn': `GET /nowhere：期望 {"error": "<原因>"}，实际得到 ${res.summary}。`,
      });

      const lookalike = await http('gateway').get('/usersettings');
      expect.status(lookalike, 404, {
        en: 'routeFor(): /usersettings is not /users nor /users/..., so no upstream owns it',
        'zh-cn': 'routeFor()，/usersettings 既不是 /users，也不在 /users/... 之下，因此不归任何上游',
      });
      expect.ok(fault('users').count === 0, {
        en: `GET /usersettings: the gateway sent it to the users service (which received ${seen(fault('users').requests, 'en')}). Only /users and /users/... belong to users: match whole path segments in routeFor(), not startsWith('/users').`,
        'zh-cn': `GET /usersettings：网关把它转发给了 users 服务（该服务收到的请求：${seen(fault('users').requests, 'zh-cn')}）。只有 /users 和 /users/... 属于 users：routeFor() 要按完整的路径段匹配，而不是用 startsWith('/users')。`,
      });
      expect.json(lookalike, {
        en: 'the 404 answer: send {"error": "..."} as JSON',
        'zh-cn': '404 响应是否以 JSON 形式发送 {"error": "..."}',
      });
    },
  },
  {
    id: 'users-down-502',
    title: { en: 'With users down, /users answers 502 JSON at once and /orders still works', 'zh-cn': 'users 宕机时 /users 立即返回 502 JSON，/orders 照常工作' },
    points: 2,
    expectedMs: 250,
    async run(t) {
      const { http, service, fault, expect } = t;
      await service('users').kill();
      const res = expect.defined(
        await http('gateway').attempt('GET', '/users/1', { timeoutMs: 2500 }),
        await noAnswer(
          t,
          { en: 'GET /users/1 with the users service down', 'zh-cn': 'GET /users/1（users 服务已宕机）' },
          {
            en: 'Catch the error fetch throws when the upstream cannot be reached and answer 502 with {"error": "upstream users unavailable", "upstream": "users"}.',
            'zh-cn': '上游连不上时 fetch 会抛出错误：捕获它，并返回 502 和 {"error": "upstream users unavailable", "upstream": "users"}。',
          },
        ),
      );
      expect.status(res, 502, {
        en: 'the catch around fetch in forward(): an upstream that cannot be reached (connection refused or reset) is a 502 Bad Gateway',
        'zh-cn': 'forward() 中包住 fetch 的 catch，连不上的上游（连接被拒绝或被重置）对应 502 Bad Gateway',
      });
      expect.ok(fault('users').count > 0, {
        en: 'GET /users/1 with the users service down: the gateway never even tried USERS_URL. It must forward to the upstream and report what happens.',
        'zh-cn': 'GET /users/1（users 服务已宕机）：网关根本没有尝试访问 USERS_URL。它必须把请求转发给上游，再如实报告结果。',
      });
      const body = expect.json(res, {
        en: 'the 502 answer: send {"error": "...", "upstream": "users"} as JSON',
        'zh-cn': '502 响应是否以 JSON 形式发送 {"error": "...", "upstream": "users"}',
      });
      expect.equal(
        body.upstream,
        'users',
        { en: 'the "upstream" field of the 502 answer', 'zh-cn': '502 响应中的 "upstream" 字段' },
        { en: 'the 502 answer must name the upstream that failed', 'zh-cn': '502 响应是否指明了出故障的上游' },
      );
      expect.ok(typeof body.error === 'string', {
        en: `GET /users/1 with users down: expected an "error" string in the 502 answer, got ${res.summary}.`,
        'zh-cn': `GET /users/1（users 已宕机）：期望 502 响应中有字符串类型的 "error" 字段，实际得到 ${res.summary}。`,
      });
      expect.ok(res.durationMs < 1500, {
        en: `GET /users/1 with users down: the 502 took ${Math.round(res.durationMs)} ms. A dead upstream refuses the connection at once, so the gateway can answer at once: do not wait for the timeout.`,
        'zh-cn': `GET /users/1（users 已宕机）：502 响应用了 ${Math.round(res.durationMs)} 毫秒。宕机的上游会立即拒绝连接，网关也就能立即响应，不必等到超时。`,
      });

      const orders = await http('gateway').get('/orders/1');
      expect.status(orders, 200, {
        en: 'the gateway with users down: orders has nothing to do with users and must keep working',
        'zh-cn': 'users 宕机时网关的表现，orders 与 users 无关，必须照常工作',
      });
    },
  },
  {
    id: 'orders-slow-504',
    title: {
      en: 'A slow orders service gets a 504 JSON once UPSTREAM_TIMEOUT_MS has passed',
      'zh-cn': 'orders 服务过慢时，超过 UPSTREAM_TIMEOUT_MS 即返回 504 JSON',
    },
    points: 2,
    expectedMs: 700,
    async run(t) {
      const { http, fault, expect } = t;
      // The gateway's time limit, as lab.json sets it for the grader (1000 ms is the code's default).
      const limit = Number(t.env('gateway').UPSTREAM_TIMEOUT_MS ?? 1000);
      fault('orders').latency(3000);
      const res = expect.defined(
        await http('gateway').attempt('GET', '/orders/1', { timeoutMs: 2500 }),
        await noAnswer(
          t,
          { en: 'GET /orders/1 with orders taking 3 s to answer', 'zh-cn': 'GET /orders/1（orders 要 3 秒才响应）' },
          {
            en: `Give fetch a time limit (signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS), here ${limit} ms), catch the error it throws when the time runs out and answer 504.`,
            'zh-cn': `给 fetch 设定时限（signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)，这里是 ${limit} 毫秒），捕获超时抛出的错误，并返回 504。`,
          },
        ),
      );
      expect.status(res, 504, {
        en: 'the catch around fetch in forward(): an upstream that does not answer in time is a 504 Gateway Timeout (error.name === "TimeoutError")',
        'zh-cn': 'forward() 中包住 fetch 的 catch，未能及时响应的上游对应 504 Gateway Timeout（error.name === "TimeoutError"）',
      });
      const body = expect.json(res, {
        en: 'the 504 answer: send {"error": "...", "upstream": "orders"} as JSON',
        'zh-cn': '504 响应是否以 JSON 形式发送 {"error": "...", "upstream": "orders"}',
      });
      expect.equal(
        body.upstream,
        'orders',
        { en: 'the "upstream" field of the 504 answer', 'zh-cn': '504 响应中的 "upstream" 字段' },
        { en: 'the 504 answer must name the upstream that was too slow', 'zh-cn': '504 响应是否指明了响应太慢的上游' },
      );
      expect.ok(typeof body.error === 'string', {
        en: `GET /orders/1 with orders slow: expected an "error" string in the 504 answer, got ${res.summary}.`,
        'zh-cn': `GET /orders/1（orders 变慢）：期望 504 响应中有字符串类型的 "error" 字段，实际得到 ${res.summary}。`,
      });
      expect.atMost(
        Math.round(res.durationMs),
        limit + 1000,
        {
          en: `GET /orders/1 with orders 3000 ms slow: milliseconds until the 504 (the limit is ${limit} ms, plus 1000 ms of slack)`,
          'zh-cn': `GET /orders/1（orders 慢 3000 毫秒）：到 504 返回为止的毫秒数（时限 ${limit} 毫秒，另留 1000 毫秒余量）`,
        },
        {
          en: `the time limit of the upstream call: give up after UPSTREAM_TIMEOUT_MS (process.env.UPSTREAM_TIMEOUT_MS, here ${limit} ms)`,
          'zh-cn': `上游调用的时限，超过 UPSTREAM_TIMEOUT_MS（即 process.env.UPSTREAM_TIMEOUT_MS，这里是 ${limit} 毫秒）就放弃`,
        },
      );
    },
  },
];

export default checks;
