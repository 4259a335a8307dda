import type { Check } from '../../../src/engine/checks.ts';
import { noAnswer } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'query-string',
    title: { en: 'The query string reaches the upstream', 'zh-cn': '查询串原样传到上游' },
    points: 1,
    async run({ http, fault, expect }) {
      const res = await http('gateway').get('/orders?userId=2');
      expect.status(res, 200, {
        en: 'routeFor() and forward() in gateway.ts: GET /orders goes to the orders service',
        'zh-cn': 'gateway.ts 中的 routeFor() 和 forward()，GET /orders 应转发到 orders 服务',
      });
      const paths = fault('orders').requests.map((r) => r.path);
      expect.ok(paths.includes('/orders?userId=2'), {
        en: `GET /orders?userId=2: the orders service received ${JSON.stringify(paths)}, not "/orders?userId=2". Look at how forward() builds the upstream address: url.pathname + url.search.`,
        'zh-cn': `GET /orders?userId=2：orders 服务收到的路径是 ${JSON.stringify(paths)}，而不是 "/orders?userId=2"。请检查 forward() 如何构造上游地址：url.pathname + url.search。`,
      });
      const list = expect.json(res, {
        en: 'forward(): pass the upstream body back as it came',
        'zh-cn': 'forward() 是否把上游的响应体原样传回',
      });
      expect.ok(Array.isArray(list) && list.length > 0 && list.every((o: { userId?: string }) => o.userId === '2'), {
        en: `GET /orders?userId=2: expected only the orders of user 2, got ${res.summary}.`,
        'zh-cn': `GET /orders?userId=2：期望只返回用户 2 的订单，实际得到 ${res.summary}。`,
      });
    },
  },
  {
    id: 'upstream-error-passed-back',
    title: { en: 'An upstream 500 comes back as 500, not 502', 'zh-cn': '上游返回的 500 原样返回，而不是变成 502' },
    points: 1,
    async run({ http, fault, expect }) {
      fault('users').fail(500);
      const res = await http('gateway').get('/users/1');
      expect.status(res, 500, {
        en: 'forward(): the users service answered 500, and an answer is passed back as it is; 502 means nobody answered at all',
        'zh-cn': 'forward()，users 服务返回了 500，只要上游有响应就应原样传回；502 表示根本没有任何响应',
      });
      const body = expect.json(res, {
        en: 'forward(): pass the upstream body back as it came',
        'zh-cn': 'forward() 是否把上游的响应体原样传回',
      });
      expect.ok(typeof body.error === 'string' && body.error.includes('fault injected'), {
        en: `GET /users/1 with users answering 500: expected the users service's own body back, got ${res.summary}.`,
        'zh-cn': `GET /users/1（users 返回 500）：期望原样拿回 users 服务自己的响应体，实际得到 ${res.summary}。`,
      });
    },
  },
  {
    id: 'recovers-after-restart',
    title: { en: 'After users comes back, /users works again', 'zh-cn': 'users 恢复后 /users 重新可用' },
    points: 1,
    expectedMs: 300,
    async run(t) {
      const { http, service, expect } = t;
      await service('users').kill();
      await http('gateway').attempt('GET', '/users/2', { timeoutMs: 2500 });
      await service('users').restart();
      const res = expect.defined(
        await http('gateway').attempt('GET', '/users/2', { timeoutMs: 2500 }),
        await noAnswer(
          t,
          { en: 'GET /users/2 after the users service restarted', 'zh-cn': 'GET /users/2（users 服务重启之后）' },
          {
            en: 'Every request must try the upstream again, and no upstream failure may stop the gateway.',
            'zh-cn': '每个请求都必须重新尝试连接上游，任何上游故障都不能让网关停止运行。',
          },
        ),
      );
      expect.status(res, 200, {
        en: 'how the gateway treats users once it is back: every request tries the upstream again, nothing remembers it as dead',
        'zh-cn': 'users 恢复后网关如何处理发给它的请求，每个请求都要重新尝试上游，不能一直把它当作已宕机',
      });
      expect.equal(res.json?.name, 'Linus Torvalds', {
        en: 'the "name" of user 2 after users restarted',
        'zh-cn': 'users 重启后用户 2 的 "name" 字段',
      });
    },
  },
];

export default checks;
