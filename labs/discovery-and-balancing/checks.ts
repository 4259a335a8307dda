import type { Check } from '../../src/engine/checks.ts';
import { ECHOES, numbers, evictionWait, listed, listedIds, waitForEchoes, postRegistry, served, echoes, expectEven, clearlyAlive, conclusive } from './check-helpers.ts';

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
        t.expect.equal(url, t.service(id).url, { en: `the url listed for ${id}`, 'zh-cn': `为 ${id} 列出的 url` }, {
          en: 'POST /register: store the url the instance sent, and list it as it is',
          'zh-cn': 'POST /register：存下实例发来的 url，原样列出',
        });
      }
      const what = { en: 'POST /register {"service": "probe", "id": "p-1", "url": "http://127.0.0.1:9"}', 'zh-cn': 'POST /register {"service": "probe", "id": "p-1", "url": "http://127.0.0.1:9"}' };
      const res = await postRegistry(t, '/register', { service: 'probe', id: 'p-1', url: 'http://127.0.0.1:9' }, what);
      t.expect.status(res, [200, 201], { en: 'the POST /register route: a valid registration answers 201', 'zh-cn': 'POST /register 路由：合法的注册应返回 201' });
      const probes = await listed(t, 'probe');
      t.expect.ok(probes.length === 1 && probes[0]!.id === 'p-1' && probes[0]!.url === 'http://127.0.0.1:9', {
        en: `Right after ${what.en}, GET /services/probe should list [{"id": "p-1", "url": "http://127.0.0.1:9"}], got ${JSON.stringify(probes)}.`,
        'zh-cn': `刚执行完 ${what['zh-cn']}，GET /services/probe 就应列出 [{"id": "p-1", "url": "http://127.0.0.1:9"}]，实际得到 ${JSON.stringify(probes)}。`,
      });
    },
  },
  {
    id: 'ttl-expiry',
    title: { en: 'Without heartbeats an instance expires after TTL_MS; with them it stays', 'zh-cn': '没有心跳的实例在 TTL_MS 后过期，有心跳的一直保留' },
    points: 3,
    async run(t) {
      const { ttlMs } = numbers(t);
      const every = ttlMs / 4;
      await conclusive(t, async (round) => {
        const silent = `silent-${round}`;
        const beating = `beating-${round}`;
        const what = { en: `registering ttl-test/${silent} and ttl-test/${beating}`, 'zh-cn': `注册 ttl-test/${silent} 和 ttl-test/${beating}` };
        let registeredAt = 0;
        let lastSent = 0;
        for (const id of [silent, beating]) {
          lastSent = Date.now();
          const res = await postRegistry(t, '/register', { service: 'ttl-test', id, url: `http://127.0.0.1:9/${id}` }, what);
          t.expect.status(res, [200, 201], { en: 'the POST /register route', 'zh-cn': 'POST /register 路由' });
          registeredAt ||= Date.now();
        }
        while (Date.now() - registeredAt < ttlMs + 150) {
          await t.sleep(every);
          const sent = Date.now();
          const beat = await postRegistry(t, '/heartbeat', { service: 'ttl-test', id: beating }, { en: `POST /heartbeat for ttl-test/${beating}`, 'zh-cn': `ttl-test/${beating} 的 POST /heartbeat` });
          if (!clearlyAlive(lastSent, Date.now(), ttlMs)) return false;
          t.expect.status(beat, 200, {
            en: `POST /heartbeat {"service": "ttl-test", "id": "${beating}"}, at most ${Date.now() - lastSent} ms after its last heartbeat (TTL_MS = ${ttlMs}): it is alive, answer 200`,
            'zh-cn': `POST /heartbeat {"service": "ttl-test", "id": "${beating}"}：距上一次心跳至多 ${Date.now() - lastSent} ms（TTL_MS = ${ttlMs}），它仍然存活，应返回 200`,
          });
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
            `Look at POST /heartbeat: it must refresh the instance's lastSeen.`,
          'zh-cn':
            `ttl-test/${beating} 在 ${elapsed} ms 里每 ${every} ms 发一次心跳，应当仍被列出，GET /services/ttl-test 列出的却是 ${ids.join('、') || '空列表'}。` +
            `请检查 POST /heartbeat：它必须刷新该实例的 lastSeen。`,
        });
        return true;
      });
    },
  },
  {
    id: 'even-spread',
    title: { en: '24 requests through the client: 8 ± 2 on each echo instance', 'zh-cn': '经客户端发出 24 个请求：每个 echo 实例 8 ± 2 个' },
    points: 3,
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
    async run(t) {
      await waitForEchoes(t);
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
    title: { en: 'Malformed heartbeats and registrations get 400; the registry stays up', 'zh-cn': '格式错误的心跳和注册返回 400，注册中心照常运行' },
    points: 2,
    async run(t) {
      const bad: [string, string, unknown][] = [
        ['/heartbeat', 'not JSON at all', 'not JSON at all'],
        ['/heartbeat', 'a JSON array', '[]'],
        ['/heartbeat', 'an empty object', '{}'],
        ['/heartbeat', 'a number as the service', { service: 5, id: 'echo-1' }],
        ['/heartbeat', 'no id', { service: 'echo' }],
        ['/register', 'a url that is not a URL', { service: 'echo', id: 'echo-9', url: 'not a url' }],
        ['/register', 'no url', { service: 'echo', id: 'echo-9' }],
      ];
      for (const [path, what, body] of bad) {
        const res = await postRegistry(t, path, body, { en: `POST ${path} with ${what}`, 'zh-cn': `POST ${path}，请求体为 ${what}` });
        t.expect.status(res, 400, {
          en: `POST ${path} with ${what} (${typeof body === 'string' ? body : JSON.stringify(body)}): parse the body in a try/catch, check every field, answer 400 {"error"}`,
          'zh-cn': `请求体为 ${what}（${typeof body === 'string' ? body : JSON.stringify(body)}）的 POST ${path}：在 try/catch 里解析请求体，逐个检查字段，返回 400 {"error"}`,
        });
      }
      t.expect.ok(t.service('registry').running, {
        en: 'After the malformed requests the registry process has stopped. An exception in a request handler must not crash the service.',
        'zh-cn': '收到这些格式错误的请求后，注册中心进程停止了。请求处理函数里的异常不能让整个服务崩溃。',
      });
      await waitForEchoes(t);
    },
  },
];

export default checks;
