import type { Check } from '../../src/engine/checks.ts';
import { numbers, control, publish, stats, totals, totalsReaching, states, describe, drained, expectAcked, expectOnce, type Publish } from './check-helpers.ts';

const checks: Check[] = [
  {
    id: 'applies-each-message',
    title: { en: 'Messages are applied and acked', 'zh-cn': '消息被处理并确认' },
    points: 1,
    expectedMs: 250,
    async run(t) {
      await control(t);
      const messages: Publish[] = [1, 2, 3].map((n) => ({ id: `a1-${n}`, key: 'a1', payload: { amount: n } }));
      await publish(t, messages);
      const ids = messages.map((m) => m.id);
      const situation = { en: 'Three messages for key "a1" (amounts 1, 2, 3)', 'zh-cn': 'key 为 "a1" 的三条消息（金额 1、2、3）' };
      expectAcked(t, await drained(t, ids, 1500), ids, 1500, situation);
      expectOnce(t, 'a1', await totalsReaching(t, 'a1', 6, 500), ids, 6, situation);
    },
  },
  {
    id: 'duplicates-applied-once',
    title: { en: 'Every message delivered twice: each applied once', 'zh-cn': '每条消息都投递两次：每条只生效一次' },
    points: 3,
    expectedMs: 300,
    async run(t) {
      await control(t, true);
      try {
        const messages: Publish[] = [1, 2, 3, 4, 5, 6].map((n) => ({ id: `d-${n}`, key: n % 2 ? 'd1' : 'd2', payload: { amount: 10, workMs: 5 } }));
        await publish(t, messages);
        const situation = { en: 'Six messages, each delivered twice by the broker', 'zh-cn': '六条消息，消息中间件把每条都投递了两次' };
        const s = await drained(t, messages.map((m) => m.id), 2000);
        expectAcked(t, s, messages.map((m) => m.id), 2000, situation);
        for (const key of ['d1', 'd2']) {
          const ids = messages.filter((m) => m.key === key).map((m) => m.id);
          expectOnce(t, key, await totals(t, key), ids, 30, situation);
        }
      } finally {
        await control(t, false);
      }
    },
  },
  {
    id: 'crash-before-ack',
    title: {
      en: 'Killed before the ack: redelivered after the restart and applied once',
      'zh-cn': '确认之前被杀掉：重启后重新投递，只生效一次',
    },
    points: 3,
    expectedMs: 450,
    async run(t) {
      const { visibilityMs } = numbers(t);
      await control(t);
      t.fault('broker').fail(503, { path: '/ack' });
      const messages: Publish[] = [1, 2, 4].map((n) => ({ id: `c1-${n}`, key: 'c1', payload: { amount: n } }));
      await publish(t, messages);
      const ids = messages.map((m) => m.id);
      const started = Date.now();
      let before = await totals(t, 'c1');
      while (before.applied.length < 3 && Date.now() - started < 1500) {
        await t.sleep(15);
        before = await totals(t, 'c1');
      }
      t.expect.ok(before.applied.length >= 3, {
        en:
          `Three messages for key "c1" while the broker answers 503 to every ack: expected all three applied within 1500 ms, got ${JSON.stringify(before.applied)}. ` +
          `Apply and store the effect first, then ack: a failed ack must not undo or block the effect.`,
        'zh-cn':
          `消息中间件对每次确认都返回 503 时发出 key 为 "c1" 的三条消息：期望三条都在 1500 ms 内生效，实际生效的是 ${JSON.stringify(before.applied)}。` +
          `应当先处理并存好效果，再确认；确认失败既不能撤销效果，也不能挡住效果。`,
      });
      await t.service('worker').kill();
      t.fault('broker').clear();
      await t.service('worker').restart();
      const situation = {
        en: 'Three messages applied but never acked, then the worker was killed and restarted (its tmp folder kept)',
        'zh-cn': '三条消息已经生效却没能确认，随后 worker 被杀掉又重启（tmp 目录保留）',
      };
      const after = await totals(t, 'c1');
      t.expect.ok(after.total === 7, {
        en: `${situation.en}: right after the restart, expected the total of "c1" to still be 7, got ${after.total} (${JSON.stringify(after.applied)}). Look at your store: append each effect to a file in os.tmpdir() and read it back when the worker starts.`,
        'zh-cn': `${situation['zh-cn']}：刚重启时，期望 "c1" 的合计仍是 7，实际是 ${after.total}（${JSON.stringify(after.applied)}）。请检查你的存储：把每个效果追加写入 os.tmpdir() 下的文件，worker 启动时再读回来。`,
      });
      const within = visibilityMs * 2 + 1500;
      expectAcked(t, await drained(t, ids, within), ids, within, situation);
      expectOnce(t, 'c1', await totals(t, 'c1'), ids, 7, situation);
    },
  },
  {
    id: 'order-per-key',
    title: { en: 'The messages of one key are applied in the order sent', 'zh-cn': '同一个 key 的消息按发送顺序生效' },
    points: 2,
    expectedMs: 250,
    async run(t) {
      await control(t);
      const keys = ['o1', 'o2', 'o3'];
      const messages: Publish[] = [];
      // Earlier messages take longer: handled side by side, later ones would overtake them.
      [40, 25, 10, 0].forEach((workMs, i) => {
        for (const key of keys) messages.push({ id: `${key}-${i + 1}`, key, payload: { amount: i + 1, workMs } });
      });
      await publish(t, messages);
      const situation = { en: 'Four messages each for keys o1, o2, o3, sent in order', 'zh-cn': 'o1、o2、o3 三个 key 各四条消息，按顺序发送' };
      const ids = messages.map((m) => m.id);
      expectAcked(t, await drained(t, ids, 2500), ids, 2500, situation);
      for (const key of keys) {
        const expected = [1, 2, 3, 4].map((n) => `${key}-${n}`);
        const got = await totals(t, key);
        t.expect.ok(JSON.stringify(got.applied) === JSON.stringify(expected), {
          en:
            `${situation.en}: expected key "${key}" applied in the order ${JSON.stringify(expected)}, got ${JSON.stringify(got.applied)}. ` +
            `Messages of different keys may run side by side; messages of one key one after the other: chain each on the previous one of its key.`,
          'zh-cn':
            `${situation['zh-cn']}：期望 key "${key}" 按 ${JSON.stringify(expected)} 的顺序生效，实际是 ${JSON.stringify(got.applied)}。` +
            `不同 key 的消息可以并行处理，同一个 key 的消息必须一条接一条：让每条消息排在同一 key 的上一条之后。`,
        });
      }
    },
  },
  {
    id: 'poison-dead-lettered',
    title: {
      en: 'A poison message goes to the dead-letter queue after N attempts; the rest goes on',
      'zh-cn': '毒消息在尝试 N 次后进入死信队列，其余消息照常处理',
    },
    points: 2,
    async run(t) {
      const { maxAttempts } = numbers(t);
      await control(t);
      const poison: Publish = { id: 'p1-bad', key: 'p1', payload: { amount: 'lots' } };
      const good: Publish[] = [1, 2, 3].map((n) => ({ id: `p2-${n}`, key: 'p2', payload: { amount: n } }));
      await publish(t, [poison, ...good]);
      const situation = {
        en: `A poison message ("amount": "lots") followed by three good ones (MAX_ATTEMPTS = ${maxAttempts})`,
        'zh-cn': `一条毒消息（"amount": "lots"），后面跟着三条正常消息（MAX_ATTEMPTS = ${maxAttempts}）`,
      };
      const ids = [poison.id, ...good.map((m) => m.id)];
      const s = await drained(t, ids, 2000);
      expectAcked(t, s, good.map((m) => m.id), 2000, situation);
      expectOnce(t, 'p2', await totals(t, 'p2'), good.map((m) => m.id), 6, situation);
      const dead = s.deadLetters.find((d) => d.id === poison.id);
      const [state] = states(s, [poison.id]);
      t.expect.ok(dead !== undefined && dead.attempts === maxAttempts, {
        en:
          `${situation.en}: expected ${poison.id} in the dead-letter queue after exactly ${maxAttempts} attempts; the broker has it as ${describe([state!])}. ` +
          (dead
            ? `It was dead-lettered on attempt ${dead.attempts}: give a failed message back (POST /nack) until its attempt reaches MAX_ATTEMPTS.`
            : `When an attempt fails, POST /nack the receipt; when the failed attempt was number MAX_ATTEMPTS (the message's "attempt"), POST /dead-letter instead. Never ack a message you could not apply.`),
        'zh-cn':
          `${situation['zh-cn']}：期望 ${poison.id} 恰好在尝试 ${maxAttempts} 次后进入死信队列；消息中间件上它的情况是 ${describe([state!])}。` +
          (dead
            ? `它在第 ${dead.attempts} 次尝试时就进了死信队列：处理失败的消息要交还（POST /nack），直到它的 attempt 达到 MAX_ATTEMPTS。`
            : `某次尝试失败时，用 POST /nack 交还这个 receipt；如果失败的正是第 MAX_ATTEMPTS 次尝试（看消息的 attempt），就改为 POST /dead-letter。处理不了的消息绝不能确认。`),
      });
    },
  },
  {
    id: 'backpressure',
    title: {
      en: 'Never more than MAX_IN_FLIGHT messages in flight',
      'zh-cn': '处理中的消息从不超过 MAX_IN_FLIGHT 条',
    },
    points: 2,
    expectedMs: 250,
    async run(t) {
      const { maxInFlight } = numbers(t);
      await control(t);
      const messages: Publish[] = Array.from({ length: 16 }, (_, i) => ({ id: `b-${i + 1}`, key: `b${(i % 8) + 1}`, payload: { amount: 1, workMs: 20 } }));
      await publish(t, messages);
      const situation = { en: `Sixteen messages of 20 ms each over eight keys (MAX_IN_FLIGHT = ${maxInFlight})`, 'zh-cn': `八个 key 共十六条消息，每条处理 20 ms（MAX_IN_FLIGHT = ${maxInFlight}）` };
      const ids = messages.map((m) => m.id);
      const s = await drained(t, ids, 3000);
      expectAcked(t, s, ids, 3000, situation);
      t.expect.atMost(s.maxInFlight, maxInFlight, {
        en: `${situation.en}: the most messages leased to your worker and not yet acked at one time`,
        'zh-cn': `${situation['zh-cn']}：同一时刻租给 worker 且尚未确认的消息最多有几条`,
      }, {
        en: 'your receive loop: ask for at most MAX_IN_FLIGHT minus the messages you hold ("max" of POST /receive), and count a message until its ack, nack or dead-letter has been answered',
        'zh-cn': '你的接收循环：每次最多只取 MAX_IN_FLIGHT 减去手上未完成的条数（POST /receive 的 "max"），一条消息要等它的 ack、nack 或 dead-letter 得到应答后才算完成',
      });
    },
  },
];

export default checks;
