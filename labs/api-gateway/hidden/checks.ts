import type { Check, CheckContext } from '../../../src/engine/checks.ts';

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
    id: 'query-string',
    title: { en: 'The query string reaches the upstream', 'zh-cn': '查询串原样传到上游' },
    points: 1,
    async run({ http, fault, expect }) {
      const res = await http('gateway').get('/orders?userId=2');
      expect.status(res, 200, 'routeFor() and forward() in gateway.ts: GET /orders goes to the orders service');
      const paths = fault('orders').requests.map((r) => r.path);
      expect.ok(
        paths.includes('/orders?userId=2'),
        `GET /orders?userId=2: the orders service received ${JSON.stringify(paths)}, not "/orders?userId=2". Look at how forward() builds the upstream address: url.pathname + url.search.`,
      );
      const list = expect.json(res, 'forward(): pass the upstream body back as it came');
      expect.ok(
        Array.isArray(list) && list.length > 0 && list.every((o: { userId?: string }) => o.userId === '2'),
        `GET /orders?userId=2: expected only the orders of user 2, got ${res.summary}.`,
      );
    },
  },
  {
    id: 'upstream-error-passed-back',
    title: { en: 'An upstream 500 comes back as 500, not 502', 'zh-cn': '上游返回的 500 原样返回，而不是变成 502' },
    points: 1,
    async run({ http, fault, expect }) {
      fault('users').fail(500);
      const res = await http('gateway').get('/users/1');
      expect.status(
        res,
        500,
        'forward(): the users service answered 500, and an answer is passed back as it is; 502 means nobody answered at all',
      );
      const body = expect.json(res, 'forward(): pass the upstream body back as it came');
      expect.ok(
        typeof body.error === 'string' && body.error.includes('fault injected'),
        `GET /users/1 with users answering 500: expected the users service's own body back, got ${res.summary}.`,
      );
    },
  },
  {
    id: 'recovers-after-restart',
    title: { en: 'After users comes back, /users works again', 'zh-cn': 'users 恢复后 /users 重新可用' },
    points: 1,
    async run(t) {
      const { http, service, expect } = t;
      await service('users').kill();
      await http('gateway').attempt('GET', '/users/2', { timeoutMs: 2500 });
      await service('users').restart();
      const res = expect.defined(
        await http('gateway').attempt('GET', '/users/2', { timeoutMs: 2500 }),
        await noAnswer(t, 'GET /users/2 after the users service restarted', 'Every request must try the upstream again, and no upstream failure may stop the gateway.'),
      );
      expect.status(res, 200, 'how the gateway treats users once it is back: every request tries the upstream again, nothing remembers it as dead');
      expect.equal(res.json?.name, 'Linus Torvalds', 'the "name" of user 2 after users restarted');
    },
  },
];

export default checks;
