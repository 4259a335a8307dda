/**
 * Helpers the public and the hidden checks share. This file ships to the browser with the public
 * checks: nothing hidden goes here.
 */
import type { CheckContext, RecordedRequest } from '../../src/engine/checks.ts';

/** A learner-facing text in both of the course's languages. */
export type Text = { en: string; 'zh-cn': string };

/** The request an upstream received with this method and path (path includes the query). */
export function received(requests: readonly RecordedRequest[], method: string, path: string): RecordedRequest | undefined {
  return requests.find((r) => r.method === method && r.path === path);
}

/** What an upstream received, for messages: `GET /users/1, POST /orders` or `nothing` (`无`). */
export function seen(requests: readonly RecordedRequest[], lang: keyof Text): string {
  if (requests.length === 0) return lang === 'zh-cn' ? '无' : 'nothing';
  return requests.map((r) => `${r.method} ${r.path}`).join(', ');
}

/** Why a request through the gateway got no answer: it crashed, or it is still waiting. */
export async function noAnswer(t: CheckContext, request: Text, fix: Text): Promise<Text> {
  // Give the grader a moment to notice a process that just exited.
  if (t.service('gateway').running) await t.sleep(200);
  return t.service('gateway').running
    ? {
        en: `${request.en}: the gateway gave no answer within 2.5 s. ${fix.en}`,
        'zh-cn': `${request['zh-cn']}：网关在 2.5 秒内没有响应。${fix['zh-cn']}`,
      }
    : {
        en: `${request.en}: the gateway stopped instead of answering (an error escaped its request handler; see its log). ${fix.en}`,
        'zh-cn': `${request['zh-cn']}：网关没有响应，而是直接退出了（请求处理函数里有错误没被捕获，请查看它的日志）。${fix['zh-cn']}`,
      };
}
