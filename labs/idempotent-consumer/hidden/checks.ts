import type { Check } from '../../../src/engine/checks.ts';
import { numbers, control, publish, stats, states, describe, drained, expectAcked, expectOnce, totals, type Publish } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'transient-failure-retried',
    title: {
      en: 'A message that fails twice is applied on its third attempt, not dead-lettered',
      'zh-cn': '失败两次的消息在第三次尝试时生效，而不是进入死信队列',
    },
    points: 2,
    async run(t) {
      const { maxAttempts } = numbers(t);
      await control(t);
      const message: Publish = { id: 'r1-1', key: 'r1', payload: { amount: 5, failAttempts: 2 } };
      await publish(t, [message]);
      const situation = {
        en: `A message whose downstream fails attempts 1 and 2 (MAX_ATTEMPTS = ${maxAttempts})`,
        'zh-cn': `一条消息，下游在第 1、2 次尝试时失败（MAX_ATTEMPTS = ${maxAttempts}）`,
      };
      const s = await drained(t, [message.id], 2000);
      const [state] = states(s, [message.id]);
      t.expect.ok(state!.state === 'acked' && state!.attempts === 3, {
        en: `${situation.en}: expected it acked on attempt 3, the broker has it as ${describe([state!])}. A message is dead-lettered only when attempt number MAX_ATTEMPTS failed; before that, give it back with POST /nack.`,
        'zh-cn': `${situation['zh-cn']}：期望它在第 3 次尝试时被确认，消息中间件上它的情况是 ${describe([state!])}。只有第 MAX_ATTEMPTS 次尝试也失败了，才能把消息转入死信队列；在此之前要用 POST /nack 交还。`,
      });
      expectAcked(t, s, [message.id], 2000, situation);
      expectOnce(t, 'r1', await totals(t, 'r1'), [message.id], 5, situation);
    },
  },
  {
    id: 'backpressure-slow-acks',
    title: {
      en: 'Slow acks: a message still counts as in flight until its ack is answered',
      'zh-cn': '确认变慢时：一条消息在它的确认得到应答之前仍算处理中',
    },
    points: 2,
    async run(t) {
      const { maxInFlight } = numbers(t);
      t.fault('broker').latency(50, { path: '/ack' });
      await control(t);
      const messages: Publish[] = Array.from({ length: 8 }, (_, i) => ({ id: `s-${i + 1}`, key: `s${i + 1}`, payload: { amount: 1, workMs: 5 } }));
      await publish(t, messages);
      const situation = { en: `Eight quick messages while every ack takes 50 ms to reach the broker (MAX_IN_FLIGHT = ${maxInFlight})`, 'zh-cn': `八条很快就能处理完的消息，而每次确认都要 50 ms 才到达消息中间件（MAX_IN_FLIGHT = ${maxInFlight}）` };
      const ids = messages.map((m) => m.id);
      const s = await drained(t, ids, 3000);
      expectAcked(t, s, ids, 3000, situation);
      t.expect.atMost(s.maxInFlight, maxInFlight, {
        en: `${situation.en}: the most messages leased to your worker and not yet acked at one time`,
        'zh-cn': `${situation['zh-cn']}：同一时刻租给 worker 且尚未确认的消息最多有几条`,
      }, {
        en: 'where your worker stops counting a message: only once the broker answered its ack (await it), not when the ack is sent',
        'zh-cn': 'worker 在什么时候不再把一条消息算作处理中：要等消息中间件对确认作出应答（await 它），而不是确认刚发出去的时候',
      });
    },
  },
  {
    id: 'ack-after-effect',
    title: {
      en: 'Killed the moment the broker has the ack: the effect is already stored',
      'zh-cn': '消息中间件刚收到确认就杀掉 worker：效果此前已经存好',
    },
    points: 2,
    expectedMs: 350,
    async run(t) {
      await control(t);
      const message: Publish = { id: 'e1-1', key: 'e1', payload: { amount: 9, workMs: 150 } };
      await publish(t, [message]);
      const situation = {
        en: 'A message whose work takes 150 ms; the worker was killed as soon as the broker had its ack, then restarted',
        'zh-cn': '一条要处理 150 ms 的消息；消息中间件一收到它的确认，worker 就被杀掉，随后重启',
      };
      const started = Date.now();
      let acked = false;
      while (!acked && Date.now() - started < 2000) {
        const [state] = states(await stats(t), [message.id]);
        acked = state!.state === 'acked';
        if (!acked) await t.sleep(5);
      }
      t.expect.ok(acked, {
        en: `${situation.en}: the broker never got an ack for ${message.id} within 2000 ms. Look at your loop: apply, store, then POST /ack.`,
        'zh-cn': `${situation['zh-cn']}：2000 ms 内消息中间件始终没有收到 ${message.id} 的确认。请检查消费循环：处理、存储，然后 POST /ack。`,
      });
      await t.service('worker').kill();
      await t.service('worker').restart();
      const got = await totals(t, 'e1');
      t.expect.ok(got.total === 9 && got.applied.length === 1, {
        en:
          `${situation.en}: the message is acked, so the broker will never deliver it again, but the worker's total of "e1" is ${got.total} (${JSON.stringify(got.applied)}), not 9: ` +
          `its effect was lost. Ack only after work() returned and the effect is in your store.`,
        'zh-cn':
          `${situation['zh-cn']}：消息已经确认，消息中间件再也不会投递它了，可 worker 上 "e1" 的合计是 ${got.total}（${JSON.stringify(got.applied)}），而不是 9：` +
          `它的效果丢了。只有等 work() 返回、效果存进存储之后，才能确认。`,
      });
    },
  },
];

export default checks;
