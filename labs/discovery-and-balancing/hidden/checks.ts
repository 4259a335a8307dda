import type { Check } from '../../../src/engine/checks.ts';
import { numbers, evictionWait, listedIds, waitForEchoes, postRegistry, echoes, expectEven, clearlyAlive, conclusive } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'paused-instance-evicted',
    title: { en: 'A frozen instance is evicted, gets no requests, and rejoins when it wakes', 'zh-cn': '被冻结的实例会被剔除、收不到请求，恢复后重新加入' },
    points: 2,
    async run(t) {
      const { callTimeoutMs } = numbers(t);
      await waitForEchoes(t);
      await t.service('echo-2').pause();
      const wait = evictionWait(t);
      await t.sleep(wait);
      const ids = await listedIds(t, 'echo');
      t.expect.ok(!ids.includes('echo-2'), {
        en: `echo-2 has been frozen (SIGSTOP: no heartbeats) for ${wait} ms; GET /services/echo should no longer list it, but it lists ${ids.join(', ')}. Look at the expiry in the registry.`,
        'zh-cn': `echo-2 已被冻结（SIGSTOP，不再发心跳）${wait} ms；GET /services/echo 不应再列出它，实际列出的是 ${ids.join('、')}。请检查注册中心的过期处理。`,
      });
      const situation = { en: `echo-2 frozen for ${wait} ms`, 'zh-cn': `echo-2 已冻结 ${wait} ms` };
      const { tally, slowestMs } = await echoes(t, 8, situation);
      expectEven(t, tally, ['echo-1', 'echo-3'], 8, 2, situation);
      t.expect.atMost(Math.round(slowestMs), callTimeoutMs - 1, {
        en: 'milliseconds the slowest of 8 requests took (one sent to the frozen instance waits until the time limit)',
        'zh-cn': '8 个请求中最慢的那个所用的毫秒数（发往被冻结实例的请求会一直等到时限）',
      }, { en: 'the list the client picks from: refresh it from the registry', 'zh-cn': '客户端挑选实例所用的列表，应从注册中心刷新' });
      await t.service('echo-2').resume();
      const deadline = Date.now() + 1000;
      let back: string[] = [];
      while (Date.now() < deadline && !(back = await listedIds(t, 'echo')).includes('echo-2')) await t.sleep(20);
      t.expect.ok(back.includes('echo-2'), {
        en:
          `echo-2 woke up and sent a heartbeat, but 1 s later GET /services/echo lists ${back.join(', ')}. ` +
          `Look at POST /heartbeat for an instance the registry already removed: answer 404, so the instance registers again.`,
        'zh-cn':
          `echo-2 恢复运行并发出了心跳，可 1 秒后 GET /services/echo 列出的仍是 ${back.join('、')}。` +
          `请检查注册中心已经删掉的实例发来 POST /heartbeat 时的处理：返回 404，实例才会重新注册。`,
      });
    },
  },
  {
    id: 'unknown-heartbeat-404',
    title: { en: 'A heartbeat for an unknown or expired instance gets 404', 'zh-cn': '未知或已过期实例的心跳返回 404' },
    points: 1,
    async run(t) {
      const { ttlMs } = numbers(t);
      const never = await postRegistry(t, '/heartbeat', { service: 'nobody', id: 'n-1' }, { en: 'POST /heartbeat for an instance never registered', 'zh-cn': '为从未注册过的实例发送 POST /heartbeat' });
      t.expect.status(never, 404, {
        en: 'POST /heartbeat {"service": "nobody", "id": "n-1"}, never registered: answer 404 {"error"} (the instance should register)',
        'zh-cn': 'POST /heartbeat {"service": "nobody", "id": "n-1"}，该实例从未注册：应返回 404 {"error"}（实例应当去注册）',
      });
      const what = { en: 'registering late/l-1', 'zh-cn': '注册 late/l-1' };
      t.expect.status(await postRegistry(t, '/register', { service: 'late', id: 'l-1', url: 'http://127.0.0.1:9' }, what), [200, 201], { en: 'POST /register', 'zh-cn': 'POST /register' });
      await t.sleep(ttlMs + 100);
      const late = await postRegistry(t, '/heartbeat', { service: 'late', id: 'l-1' }, { en: 'POST /heartbeat after the TTL', 'zh-cn': 'TTL 过后发送 POST /heartbeat' });
      t.expect.status(late, 404, {
        en: `POST /heartbeat for late/l-1, ${ttlMs + 100} ms after its registration (TTL_MS = ${ttlMs}): it has expired, answer 404 so it registers again; a late heartbeat must not bring it back silently`,
        'zh-cn': `late/l-1 注册 ${ttlMs + 100} ms 后才发 POST /heartbeat（TTL_MS = ${ttlMs}）：它已经过期，应返回 404 让它重新注册；迟到的心跳不能悄悄让它复活`,
      });
    },
  },
  {
    id: 'ttl-not-too-short',
    title: { en: 'An instance is kept for the whole TTL after each heartbeat', 'zh-cn': '每次心跳后，实例都会保留满一个 TTL' },
    points: 1,
    async run(t) {
      const { ttlMs } = numbers(t);
      const pause = Math.round(ttlMs * 0.6);
      await conclusive(t, async (round) => {
        const id = `k-${round}`;
        let lastSent = Date.now();
        const what = { en: `registering keep/${id}`, 'zh-cn': `注册 keep/${id}` };
        t.expect.status(await postRegistry(t, '/register', { service: 'keep', id, url: 'http://127.0.0.1:9' }, what), [200, 201], { en: 'POST /register', 'zh-cn': 'POST /register' });
        for (const step of [1, 2]) {
          await t.sleep(pause);
          const ids = await listedIds(t, 'keep');
          if (!clearlyAlive(lastSent, Date.now(), ttlMs)) return false;
          t.expect.ok(ids.includes(id), {
            en: `keep/${id} was last heard from at most ${Date.now() - lastSent} ms ago, less than TTL_MS = ${ttlMs}; GET /services/keep should list it (step ${step} of 2), got ${ids.join(', ') || 'nothing'}. Look at how you compare Date.now() - lastSeen with TTL_MS.`,
            'zh-cn': `keep/${id} 最后一次消息至多是在 ${Date.now() - lastSent} ms 前，还不到 TTL_MS = ${ttlMs}；GET /services/keep 应当列出它（第 ${step} 步，共 2 步），实际得到 ${ids.join('、') || '空列表'}。请检查 Date.now() - lastSeen 与 TTL_MS 的比较。`,
          });
          const sent = Date.now();
          const beat = await postRegistry(t, '/heartbeat', { service: 'keep', id }, { en: `POST /heartbeat for keep/${id}`, 'zh-cn': `keep/${id} 的 POST /heartbeat` });
          if (!clearlyAlive(lastSent, Date.now(), ttlMs)) return false;
          t.expect.status(beat, 200, { en: 'POST /heartbeat for a live instance: answer 200', 'zh-cn': '存活实例的 POST /heartbeat：应返回 200' });
          lastSent = sent;
        }
        return true;
      });
    },
  },
];

export default checks;
