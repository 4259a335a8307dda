import type { Check } from '../../../src/engine/checks.ts';
import { numbers, evictionWait, listedIds, waitForEchoes, heartbeat, expectAccepted, echoes, expectEven, clearlyAlive, conclusive } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'paused-instance-evicted',
    title: { en: 'A frozen instance is evicted, gets no requests, and rejoins when it wakes', 'zh-cn': '被冻结的实例会被剔除、收不到请求，恢复后重新加入' },
    points: 2,
    expectedMs: 750,
    async run(t) {
      const { callTimeoutMs } = numbers(t);
      await waitForEchoes(t);
      // A few requests first, so the client has a list of all three in hand when the instance goes.
      await echoes(t, 3, { en: 'three healthy echo instances', 'zh-cn': '三个 echo 实例都正常' });
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
          `echo-2 woke up and sent heartbeats again, but 1 s later GET /services/echo lists ${back.join(', ')}. ` +
          `Look at PUT /services/:service/instances/:id for an instance the registry already removed: a heartbeat registers it again.`,
        'zh-cn':
          `echo-2 恢复运行后又开始发心跳，可 1 秒后 GET /services/echo 列出的仍是 ${back.join('、')}。` +
          `请检查注册中心已经删掉的实例发来 PUT /services/:service/instances/:id 时的处理：心跳会让它重新注册。`,
      });
    },
  },
  {
    id: 'deregister-removes',
    title: { en: 'DELETE removes an instance at once, without waiting for the TTL', 'zh-cn': 'DELETE 立即删除实例，不必等 TTL' },
    points: 1,
    async run(t) {
      const { ttlMs } = numbers(t);
      expectAccepted(t, await heartbeat(t, 'bye', 'b-1', { url: 'http://127.0.0.1:9/b-1' }));
      const sent = Date.now();
      expectAccepted(t, await heartbeat(t, 'bye', 'b-2', { url: 'http://127.0.0.1:9/b-2' }));
      const res = await heartbeat(t, 'bye', 'b-1', undefined, 'DELETE');
      t.expect.status(res, [200, 204], {
        en: 'DELETE /services/bye/instances/b-1: remove the entry, answer 204',
        'zh-cn': 'DELETE /services/bye/instances/b-1：删除这条登记，返回 204',
      });
      const ids = await listedIds(t, 'bye');
      // On a very busy machine b-2 may have expired meanwhile; b-1 must be gone in any case.
      const expected = clearlyAlive(sent, Date.now(), ttlMs) ? ['b-2'] : ids.filter((id) => id !== 'b-1');
      t.expect.equal(ids, expected, { en: 'the instances of "bye" right after b-1 said goodbye', 'zh-cn': 'b-1 注销之后“bye”服务的实例' }, {
        en: 'the DELETE route: a clean shutdown removes the instance at once; only the others stay',
        'zh-cn': 'DELETE 路由：干净退出的实例应立即删除，其他实例保留',
      });
    },
  },
  {
    id: 'ttl-not-too-short',
    title: { en: 'An instance is kept for the whole TTL, not less', 'zh-cn': '实例会保留满一个 TTL，不会提前删除' },
    points: 1,
    expectedMs: 300,
    async run(t) {
      const { ttlMs } = numbers(t);
      const pause = Math.round(ttlMs * 0.6);
      await conclusive(t, async (round) => {
        const id = `k-${round}`;
        const lastSent = Date.now();
        expectAccepted(t, await heartbeat(t, 'keep', id, { url: 'http://127.0.0.1:9' }));
        await t.sleep(pause);
        const ids = await listedIds(t, 'keep');
        if (!clearlyAlive(lastSent, Date.now(), ttlMs)) return false;
        t.expect.ok(ids.includes(id), {
          en: `keep/${id} was last heard from at most ${Date.now() - lastSent} ms ago, less than TTL_MS = ${ttlMs}; GET /services/keep should list it, got ${ids.join(', ') || 'nothing'}. Look at how you compare Date.now() - lastSeen with TTL_MS.`,
          'zh-cn': `keep/${id} 最后一次消息至多是在 ${Date.now() - lastSent} ms 前，还不到 TTL_MS = ${ttlMs}；GET /services/keep 应当列出它，实际得到 ${ids.join('、') || '空列表'}。请检查 Date.now() - lastSeen 与 TTL_MS 的比较。`,
        });
        return true;
      });
    },
  },
];

export default checks;
