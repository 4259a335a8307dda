import type { Check } from '../../src/engine/checks.ts';
import { ECHOES, advertisedUrl, numbers, evictionWait, listed, listedIds, waitForEchoes, heartbeat, expectAccepted, served, echoes, expectEven, clearlyAlive, conclusive } from './check-helpers.ts';

const checks: Check[] = [
  {
    id: 'registration-appears',
    title: { en: 'Registrations appear: the three echo instances and a new one', 'zh-cn': '注册即可见：三个 echo 实例和一个新实例' },
    points: 1,
    async run(t) {
      await waitForEchoes(t);
      const instances = await listed(t, 'echo');
      for (const id of ECHOES) {
        const url = instances.find((i) => i.id === id)?.url;
        t.expect.equal(url, advertisedUrl(t, id), { en: `the url listed for ${id}`, 'zh-cn': `为 ${id} 列出的 url` }, {
          en: 'PUT /services/:service/instances/:id: store the url the instance sent, and list it as it is',
          'zh-cn': 'PUT /services/:service/instances/:id：存下实例发来的 url，原样列出',
        });
      }
      expectAccepted(t, await heartbeat(t, 'probe', 'p-1', { url: 'http://127.0.0.1:9' }));
      const probes = await listed(t, 'probe');
      t.expect.ok(probes.length === 1 && probes[0]!.id === 'p-1' && probes[0]!.url === 'http://127.0.0.1:9', {
        en: `Right after PUT /services/probe/instances/p-1 {"url": "http://127.0.0.1:9"}, GET /services/probe should list [{"id": "p-1", "url": "http://127.0.0.1:9"}], got ${JSON.stringify(probes)}.`,
        'zh-cn': `刚执行完 PUT /services/probe/instances/p-1 {"url": "http://127.0.0.1:9"}，GET /services/probe 就应列出 [{"id": "p-1", "url": "http://127.0.0.1:9"}]，实际得到 ${JSON.stringify(probes)}。`,
      });
    },
  },
  {
    id: 'ttl-expiry',
    title: { en: 'Without heartbeats an instance expires after TTL_MS; with them it stays', 'zh-cn': '没有心跳的实例在 TTL_MS 后过期，有心跳的一直保留' },
    points: 3,
    expectedMs: 700,
    async run(t) {
      const { ttlMs } = numbers(t);
      const every = ttlMs / 4;
      await conclusive(t, async (round) => {
        const silent = `silent-${round}`;
        const beating = `beating-${round}`;
        let registeredAt = 0;
        let lastSent = 0;
        for (const id of [silent, beating]) {
          lastSent = Date.now();
          expectAccepted(t, await heartbeat(t, 'ttl-test', id, { url: `http://127.0.0.1:9/${id}` }));
          registeredAt ||= Date.now();
        }
        while (Date.now() - registeredAt < ttlMs + 150) {
          await t.sleep(every);
          const sent = Date.now();
          const beat = await heartbeat(t, 'ttl-test', beating, { url: `http://127.0.0.1:9/${beating}` });
          if (!clearlyAlive(lastSent, Date.now(), ttlMs)) return false;
          expectAccepted(t, beat);
          lastSent = sent;
        }
        const ids = await listedIds(t, 'ttl-test');
        const elapsed = Date.now() - registeredAt;
        t.expect.ok(!ids.includes(silent), {
          en:
            `ttl-test/${silent} registered ${elapsed} ms ago and never sent a heartbeat; with TTL_MS = ${ttlMs} it should be gone, but GET /services/ttl-test still lists it (${ids.join(', ')}). ` +
            `Look at the GET /services/:service route: list only the instances with Date.now() - lastSeen <= TTL_MS.`,
          'zh-cn':
            `ttl-test/${silent} 在 ${elapsed} ms 前注册后再没发过心跳；TTL_MS = ${ttlMs}，它早该消失，GET /services/ttl-test 却仍列出了它（${ids.join('、')}）。` +
            `请检查 GET /services/:service 路由：只列出 Date.now() - lastSeen <= TTL_MS 的实例。`,
        });
        if (!clearlyAlive(lastSent, Date.now(), ttlMs)) return false;
        t.expect.ok(ids.includes(beating), {
          en:
            `ttl-test/${beating} sent a heartbeat every ${every} ms for ${elapsed} ms; it should still be listed, but GET /services/ttl-test lists ${ids.join(', ') || 'nothing'}. ` +
            `Look at PUT /services/:service/instances/:id: every heartbeat must refresh the instance's lastSeen.`,
          'zh-cn':
            `ttl-test/${beating} 在 ${elapsed} ms 里每 ${every} ms 发一次心跳，应当仍被列出，GET /services/ttl-test 列出的却是 ${ids.join('、') || '空列表'}。` +
            `请检查 PUT /services/:service/instances/:id：每次心跳都必须刷新该实例的 lastSeen。`,
        });
        return true;
      });
    },
  },
  {
    id: 'even-spread',
    title: { en: '24 requests through the client: 8 ± 2 on each echo instance', 'zh-cn': '经客户端发出 24 个请求：每个 echo 实例 8 ± 2 个' },
    points: 3,
    expectedMs: 300,
    async run(t) {
      await waitForEchoes(t);
      const before = await served(t, ECHOES);
      const situation = { en: 'three healthy echo instances', 'zh-cn': '三个 echo 实例都正常' };
      const { tally } = await echoes(t, 24, situation);
      expectEven(t, tally, ECHOES, 24, 2, situation);
      const after = await served(t, ECHOES);
      for (const id of ECHOES) {
        t.expect.equal(after[id]! - before[id]!, tally[id] ?? 0, { en: `requests ${id} itself says it served`, 'zh-cn': `${id} 自己统计的已处理请求数` }, {
          en: 'the client: send each request to exactly one instance and pass its answer back',
          'zh-cn': '客户端：每个请求只发给一个实例，并把它的应答原样传回',
        });
      }
    },
  },
  {
    id: 'killed-instance-skipped',
    title: { en: 'A killed instance gets no requests once its TTL has passed', 'zh-cn': '被杀掉的实例在 TTL 过后不再收到请求' },
    points: 3,
    expectedMs: 850,
    async run(t) {
      await waitForEchoes(t);
      // A few requests first, so the client has a list of all three in hand when the instance goes.
      await echoes(t, 3, { en: 'three healthy echo instances', 'zh-cn': '三个 echo 实例都正常' });
      await t.service('echo-3').kill();
      const wait = evictionWait(t);
      await t.sleep(wait);
      const ids = await listedIds(t, 'echo');
      t.expect.ok(!ids.includes('echo-3'), {
        en: `echo-3 was killed ${wait} ms ago (TTL_MS = ${numbers(t).ttlMs}); GET /services/echo should no longer list it, but it lists ${ids.join(', ')}. Look at the expiry in GET /services/:service.`,
        'zh-cn': `echo-3 已在 ${wait} ms 前被杀掉（TTL_MS = ${numbers(t).ttlMs}）；GET /services/echo 不应再列出它，实际列出的是 ${ids.join('、')}。请检查 GET /services/:service 中的过期处理。`,
      });
      const situation = { en: `echo-3 killed ${wait} ms earlier`, 'zh-cn': `echo-3 已在 ${wait} ms 前被杀掉` };
      const { tally } = await echoes(t, 12, situation);
      expectEven(t, tally, ['echo-1', 'echo-2'], 12, 2, situation);
    },
  },
  {
    id: 'malformed-heartbeat',
    title: { en: 'Malformed heartbeats get 400, change nothing, and the registry stays up', 'zh-cn': '格式错误的心跳返回 400，不改动任何登记，注册中心照常运行' },
    points: 2,
    async run(t) {
      await waitForEchoes(t);
      const bad: [{ en: string; 'zh-cn': string }, unknown][] = [
        [{ en: 'a body that is not JSON', 'zh-cn': '请求体不是 JSON' }, 'not JSON at all'],
        [{ en: 'a JSON array', 'zh-cn': '请求体是 JSON 数组' }, '[]'],
        [{ en: 'JSON null', 'zh-cn': '请求体是 JSON null' }, 'null'],
        [{ en: 'an object without a url', 'zh-cn': '请求体是不含 url 的对象' }, '{}'],
        [{ en: 'a number as the url', 'zh-cn': 'url 是数字' }, { url: 5 }],
        [{ en: 'a url that is not a URL', 'zh-cn': 'url 根本不是 URL' }, { url: 'not a url' }],
        [{ en: 'a url that is not http', 'zh-cn': 'url 不是 http 协议' }, { url: 'ftp://127.0.0.1:21' }],
      ];
      for (const [what, body] of bad) {
        const res = await heartbeat(t, 'echo', 'echo-1', body);
        const shown = typeof body === 'string' ? body : JSON.stringify(body);
        t.expect.status(res, 400, {
          en: `PUT /services/echo/instances/echo-1 with ${what.en} (${shown}): parse the body in a try/catch, check that url is an http:// URL, answer 400 {"error"}`,
          'zh-cn': `PUT /services/echo/instances/echo-1，${what['zh-cn']}（${shown}）：应在 try/catch 里解析请求体，检查 url 是否为 http:// 开头的 URL，返回 400 {"error"}`,
        });
      }
      t.expect.ok(t.service('registry').running, {
        en: 'After the malformed heartbeats the registry process has stopped. An exception in a request handler must not crash the service.',
        'zh-cn': '收到这些格式错误的心跳后，注册中心进程停止了。请求处理函数里的异常不能让整个服务崩溃。',
      });
      const entry = (await listed(t, 'echo')).find((i) => i.id === 'echo-1');
      t.expect.equal(entry?.url, advertisedUrl(t, 'echo-1'), { en: "echo-1's url after the malformed heartbeats", 'zh-cn': '格式错误的心跳之后 echo-1 的 url' }, {
        en: 'the PUT route: a rejected heartbeat must leave the entry as it was',
        'zh-cn': 'PUT 路由：被拒绝的心跳不能改动原有的登记',
      });
    },
  },
];

export default checks;
