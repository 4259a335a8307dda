import type { Check } from '../../../src/engine/checks.ts';
import { numbers, control, publish, states, describe, drained, expectAcked, expectOnce, totals, type Publish } from '../check-helpers.ts';

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
];

export default checks;
