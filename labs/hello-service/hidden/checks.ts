import type { Check } from '../../../src/engine/checks.ts';

const checks: Check[] = [
  {
    id: 'distinct-ids',
    title: { en: 'Two items get two different ids', 'zh-cn': '两个商品得到不同的 id' },
    points: 1,
    async run({ http, expect }) {
      const a = await http().post('/items', { name: 'A', price: 1 });
      const b = await http().post('/items', { name: 'B', price: 2 });
      expect.status(a, 201);
      expect.status(b, 201);
      expect.ok(a.json?.id !== undefined && a.json?.id !== b.json?.id, {
        en: `Two POST /items answered with the same id (${a.json?.id}). Each new item needs its own id.`,
        'zh-cn': `两次 POST /items 返回了相同的 id（${a.json?.id}）。每个新商品都需要有自己的 id。`,
      });
    },
  },
  {
    id: 'missing-item',
    title: { en: 'GET /items/<unknown id> gets 404 with a JSON error', 'zh-cn': '读取不存在的商品返回 404 和 JSON 错误' },
    points: 1,
    async run({ http, expect }) {
      const res = await http().get('/items/does-not-exist');
      expect.status(res, 404, {
        en: 'GET /items/<id> when no item has that id',
        'zh-cn': 'GET /items/<id> 在找不到对应 id 的商品时的处理',
      });
      expect.json(res, {
        en: 'the 404 answer: send {"error": "..."} as JSON',
        'zh-cn': '404 响应，应以 JSON 形式返回 {"error": "..."}',
      });
    },
  },
];

export default checks;
