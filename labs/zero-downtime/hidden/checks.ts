import type { Check } from '../../../src/engine/checks.ts';
import { burst, numbers, tally } from '../check-helpers.ts';

const checks: Check[] = [
  {
    id: 'shed-fast',
    title: {
      en: 'A shed request is refused at once, not after waiting for a free slot',
      'zh-cn': '被卸除的请求立即被拒绝，而不是等到有空位之后',
    },
    points: 1,
    expectedMs: 400,
    async run(t) {
      const { maxInFlight } = numbers(t);
      const work = 400;
      const answers = await burst(t, 'api-2', `/items/3?delay=${work}`, maxInFlight * 2);
      const shed = answers.filter((a) => a?.status === 503);
      const slow = shed.filter((a) => a!.durationMs > work / 2);
      t.expect.ok(shed.length > 0 && slow.length === 0, {
        en: `${maxInFlight * 2} requests at once to api-2 (each takes ${work} ms, MAX_IN_FLIGHT = ${maxInFlight}): got ${tally(answers)}; expected the 503s within ${work / 2} ms, but ${slow.length} took longer (up to ${Math.round(Math.max(0, ...slow.map((a) => a!.durationMs)))} ms). Shedding is only cheap when it happens before any work: check the limit first thing in the handler.`,
        'zh-cn': `同时向 api-2 发出 ${maxInFlight * 2} 个请求（每个耗时 ${work} ms，MAX_IN_FLIGHT = ${maxInFlight}）：结果为 ${tally(answers, 'zh-cn')}；503 应在 ${work / 2} ms 内返回，但有 ${slow.length} 个更慢（最长 ${Math.round(Math.max(0, ...slow.map((a) => a!.durationMs)))} ms）。只有在做任何工作之前就拒绝，卸除负载才是廉价的：请在处理函数的最开头检查上限。`,
      });
    },
  },
  {
    id: 'slot-released',
    title: {
      en: 'Requests that end badly (404, client gone) free their slot',
      'zh-cn': '以失败告终的请求（404、客户端断开）也会释放名额',
    },
    points: 2,
    expectedMs: 450,
    async run(t) {
      const { maxInFlight } = numbers(t);
      // A client that gives up: its request is cut while the instance is still working on it.
      await burst(t, 'api-1', '/items/1?delay=300', maxInFlight, 150);
      for (let i = 0; i < maxInFlight; i++) await t.http('api-1').get('/items/999');
      await t.sleep(200); // past the given-up requests' 300 ms: a slot freed only when the work ends is free too
      const answers = await burst(t, 'api-1', '/items/2?delay=100', maxInFlight);
      t.expect.ok(answers.every((a) => a?.status === 200), {
        en: `After ${maxInFlight} requests whose clients gave up after 150 ms and ${maxInFlight} answered 404, ${maxInFlight} requests at once (MAX_IN_FLIGHT = ${maxInFlight}) should all be served, got ${tally(answers)}. Some slots were never given back: free the slot whatever happens, e.g. in res.once('close', ...) (it fires for a finished and for an aborted response) or in a finally.`,
        'zh-cn': `先有 ${maxInFlight} 个请求的客户端在 150 ms 后放弃、${maxInFlight} 个请求得到 404，之后同时发出的 ${maxInFlight} 个请求（MAX_IN_FLIGHT = ${maxInFlight}）本应全部得到处理，实际为 ${tally(answers, 'zh-cn')}。有些名额一直没有归还：无论结果如何都要释放名额，例如放在 res.once('close', ...) 里（应答完成或被中断都会触发）或 finally 里。`,
      });
    },
  },
];

export default checks;
