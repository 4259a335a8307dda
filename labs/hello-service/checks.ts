import type { Check } from '../../src/engine/checks.ts';

const checks: Check[] = [
  {
    id: 'health',
    title: { en: 'GET /health answers 200 {"status":"ok"}', 'zh-cn': 'GET /health 返回 200 {"status":"ok"}' },
    points: 2,
    async run({ http, expect }) {
      const res = await http().get('/health');
      expect.status(res, 200, 'the /health branch of your request handler');
      const body = expect.json(res, 'what /health writes: use JSON.stringify({ status: "ok" })');
      expect.equal(body, { status: 'ok' }, 'the /health body', 'the object you send from /health');
      expect.ok(
        (res.headers['content-type'] ?? '').includes('application/json'),
        `GET /health: expected the header content-type: application/json, got ${res.headers['content-type'] ?? 'none'}. Look at res.writeHead.`,
      );
    },
  },
  {
    id: 'create-item',
    title: { en: 'POST /items answers 201 with a Location header and the item', 'zh-cn': 'POST /items 返回 201、Location 头和新商品' },
    points: 3,
    async run({ http, expect }) {
      const res = await http().post('/items', { name: 'Teapot', price: 12.5 });
      expect.status(res, 201, 'the POST /items branch: a created resource answers 201');
      const item = expect.json(res, 'the body of POST /items: send the stored item as JSON');
      expect.equal(item.name, 'Teapot', 'the "name" of the created item');
      expect.equal(item.price, 12.5, 'the "price" of the created item');
      expect.ok(
        typeof item.id === 'string' || typeof item.id === 'number',
        `POST /items: expected the created item to have an "id", got ${res.summary}. Give each item an id when you store it.`,
      );
      expect.equal(res.headers['location'], `/items/${item.id}`, 'the Location header', 'res.writeHead(201, { location: `/items/${id}` })');
    },
  },
  {
    id: 'read-item',
    title: { en: 'GET /items/<id> returns the stored item', 'zh-cn': 'GET /items/<id> 返回已保存的商品' },
    points: 2,
    async run({ http, expect }) {
      const created = await http().post('/items', { name: 'Cup', price: 3 });
      expect.status(created, 201, 'POST /items (needed before this check can read an item)');
      const location = created.headers['location'];
      expect.ok(location, 'POST /items: the answer has no Location header, so there is nothing to read back.');
      const res = await http().get(location);
      expect.status(res, 200, `the GET /items/<id> route (it was asked for ${location})`);
      expect.equal(expect.json(res), created.json, `the body of GET ${location}`, 'the item you stored on POST');
    },
  },
  {
    id: 'invalid-json',
    title: { en: 'Invalid JSON gets 400 with a JSON error', 'zh-cn': '非法 JSON 返回 400 和 JSON 错误' },
    points: 2,
    async run({ http, expect }) {
      const res = await http().post('/items', '{"name": "Teapot", ', { headers: { 'content-type': 'application/json' } });
      expect.status(res, 400, 'how POST /items handles JSON.parse throwing: catch it and answer 400');
      const body = expect.json(res, 'the 400 answer: send {"error": "..."} as JSON');
      expect.ok(typeof body.error === 'string', `POST /items with bad JSON: expected {"error": "<reason>"}, got ${res.summary}.`);
    },
  },
  {
    id: 'invalid-item',
    title: { en: 'An item without a name or price gets 400', 'zh-cn': '缺少 name 或 price 的商品返回 400' },
    points: 1,
    async run({ http, expect }) {
      for (const bad of [{ price: 3 }, { name: 'Teapot', price: 'free' }]) {
        const res = await http().post('/items', bad);
        expect.status(res, 400, `the validation of ${JSON.stringify(bad)}: "name" must be a non-empty string and "price" a number`);
        expect.json(res, 'the 400 answer: send {"error": "..."} as JSON');
      }
    },
  },
  {
    id: 'unknown-route',
    title: { en: 'An unknown route gets 404 with a JSON error', 'zh-cn': '未知路由返回 404 和 JSON 错误' },
    points: 1,
    async run({ http, expect }) {
      const res = await http().get('/no-such-route');
      expect.status(res, 404, 'the fallback at the end of your handler');
      const body = expect.json(res, 'the fallback: answer with JSON such as {"error": "not found"}');
      expect.ok(typeof body.error === 'string', `GET /no-such-route: expected {"error": "<reason>"}, got ${res.summary}.`);
    },
  },
];

export default checks;
