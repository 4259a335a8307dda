import type { Check } from '../../src/engine/checks.ts';

const checks: Check[] = [
  {
    id: 'health',
    title: { en: 'GET /health answers 200 {"status":"ok"}', 'zh-cn': 'GET /health 返回 200 {"status":"ok"}' },
    points: 2,
    async run({ http, expect }) {
      const res = await http().get('/health');
      expect.status(res, 200, { en: 'the /health branch of your request handler', 'zh-cn': '请求处理函数中处理 /health 的分支' });
      const body = expect.json(res, {
        en: 'what /health writes: use JSON.stringify({ status: "ok" })',
        'zh-cn': '/health 写出的响应体，应该用 JSON.stringify({ status: "ok" }) 生成',
      });
      expect.equal(
        body,
        { status: 'ok' },
        { en: 'the /health body', 'zh-cn': '/health 的响应体' },
        { en: 'the object you send from /health', 'zh-cn': '你在 /health 中发送的对象' },
      );
      expect.ok((res.headers['content-type'] ?? '').includes('application/json'), {
        en: `GET /health: expected the header content-type: application/json, got ${res.headers['content-type'] ?? 'none'}. Look at res.writeHead.`,
        'zh-cn': `GET /health：响应头 content-type 应为 application/json，实际${res.headers['content-type'] ? `是 ${res.headers['content-type']}` : '没有这个头'}。请检查 res.writeHead。`,
      });
    },
  },
  {
    id: 'create-item',
    title: { en: 'POST /items answers 201 with a Location header and the item', 'zh-cn': 'POST /items 返回 201、Location 头和新商品' },
    points: 3,
    async run({ http, expect }) {
      const res = await http().post('/items', { name: 'Teapot', price: 12.5 });
      expect.status(res, 201, {
        en: 'the POST /items branch: a created resource answers 201',
        'zh-cn': 'POST /items 分支，新建资源时应返回 201',
      });
      const item = expect.json(res, {
        en: 'the body of POST /items: send the stored item as JSON',
        'zh-cn': 'POST /items 的响应体，应以 JSON 形式返回保存后的商品',
      });
      expect.equal(item.name, 'Teapot', { en: 'the "name" of the created item', 'zh-cn': '新建商品的 "name" 字段' });
      expect.equal(item.price, 12.5, { en: 'the "price" of the created item', 'zh-cn': '新建商品的 "price" 字段' });
      expect.ok(typeof item.id === 'string' || typeof item.id === 'number', {
        en: `POST /items: expected the created item to have an "id", got ${res.summary}. Give each item an id when you store it.`,
        'zh-cn': `POST /items：新建的商品应带有 "id"，实际得到 ${res.summary}。保存商品时，要给每个商品分配一个 id。`,
      });
      expect.equal(
        res.headers['location'],
        `/items/${item.id}`,
        { en: 'the Location header', 'zh-cn': 'Location 响应头' },
        { en: 'res.writeHead(201, { location: `/items/${id}` })', 'zh-cn': 'res.writeHead(201, { location: `/items/${id}` }) 这一行' },
      );
    },
  },
  {
    id: 'read-item',
    title: { en: 'GET /items/<id> returns the stored item', 'zh-cn': 'GET /items/<id> 返回已保存的商品' },
    points: 2,
    async run({ http, expect }) {
      const created = await http().post('/items', { name: 'Cup', price: 3 });
      expect.status(created, 201, {
        en: 'POST /items (needed before this check can read an item)',
        'zh-cn': 'POST /items（这项检查要先用它创建商品，才能读取）',
      });
      const location = created.headers['location'];
      expect.ok(location, {
        en: 'POST /items: the answer has no Location header, so there is nothing to read back.',
        'zh-cn': 'POST /items：响应中没有 Location 头，因此无法读回刚创建的商品。',
      });
      const res = await http().get(location);
      expect.status(res, 200, {
        en: `the GET /items/<id> route (it was asked for ${location})`,
        'zh-cn': `GET /items/<id> 路由（本次请求的是 ${location}）`,
      });
      expect.equal(
        expect.json(res),
        created.json,
        { en: `the body of GET ${location}`, 'zh-cn': `GET ${location} 的响应体` },
        { en: 'the item you stored on POST', 'zh-cn': 'POST 时保存下来的商品' },
      );
    },
  },
  {
    id: 'invalid-json',
    title: { en: 'Invalid JSON gets 400 with a JSON error', 'zh-cn': '非法 JSON 返回 400 和 JSON 错误' },
    points: 2,
    async run({ http, expect }) {
      const res = await http().post('/items', '{"name": "Teapot", ', { headers: { 'content-type': 'application/json' } });
      expect.status(res, 400, {
        en: 'how POST /items handles JSON.parse throwing: catch it and answer 400',
        'zh-cn': 'POST /items 中 JSON.parse 抛出异常时的处理，应捕获异常并返回 400',
      });
      const body = expect.json(res, {
        en: 'the 400 answer: send {"error": "..."} as JSON',
        'zh-cn': '400 响应，应以 JSON 形式返回 {"error": "..."}',
      });
      expect.ok(typeof body.error === 'string', {
        en: `POST /items with bad JSON: expected {"error": "<reason>"}, got ${res.summary}.`,
        'zh-cn': `POST /items（请求体为非法 JSON）：期望返回 {"error": "<原因>"}，实际得到 ${res.summary}。`,
      });
    },
  },
  {
    id: 'invalid-item',
    title: { en: 'An item without a name or price gets 400', 'zh-cn': '缺少 name 或 price 的商品返回 400' },
    points: 1,
    async run({ http, expect }) {
      for (const bad of [{ price: 3 }, { name: 'Teapot', price: 'free' }]) {
        const res = await http().post('/items', bad);
        expect.status(res, 400, {
          en: `the validation of ${JSON.stringify(bad)}: "name" must be a non-empty string and "price" a number`,
          'zh-cn': `对 ${JSON.stringify(bad)} 的校验，"name" 必须是非空字符串，"price" 必须是数字`,
        });
        expect.json(res, {
          en: 'the 400 answer: send {"error": "..."} as JSON',
          'zh-cn': '400 响应，应以 JSON 形式返回 {"error": "..."}',
        });
      }
    },
  },
  {
    id: 'unknown-route',
    title: { en: 'An unknown route gets 404 with a JSON error', 'zh-cn': '未知路由返回 404 和 JSON 错误' },
    points: 1,
    async run({ http, expect }) {
      const res = await http().get('/no-such-route');
      expect.status(res, 404, { en: 'the fallback at the end of your handler', 'zh-cn': '请求处理函数末尾的兜底分支' });
      const body = expect.json(res, {
        en: 'the fallback: answer with JSON such as {"error": "not found"}',
        'zh-cn': '兜底分支，应返回 JSON，例如 {"error": "not found"}',
      });
      expect.ok(typeof body.error === 'string', {
        en: `GET /no-such-route: expected {"error": "<reason>"}, got ${res.summary}.`,
        'zh-cn': `GET /no-such-route：期望返回 {"error": "<原因>"}，实际得到 ${res.summary}。`,
      });
    },
  },
];

export default checks;
