/** What the WebContainer host's watchdogs tell the learner, in the page's language. */
import type { Locale } from '../../engine/locale.ts';

const en = {
  checkTimedOut: (s: number) =>
    `Check did not finish within ${s} s, so it was stopped and the in-browser runtime restarted. A service may be stuck in an endless loop (a while (true) or a loop whose condition never changes): look for one, then press Check again.`,
  noResults: (code: number, tail: string) => `The grader exited with code ${code} without a results document.${tail ? `\n${tail}` : ''}`,
  runnerDied: (code: number, tail: string) => `The lab runner stopped (exit code ${code}) before the services started.${tail ? `\n${tail}` : ''}`,
  runnerSlow: (s: number) => `The lab runner did not start the services within ${s} s, so it was stopped and the in-browser runtime restarted. A service may be stuck in an endless loop at start-up.`,
  requestTimedOut: (s: number) => `no answer from the lab runner within ${s} s (a service may be stuck in an endless loop); press Stop, then Run`,
  controlTimedOut: (s: number) => `the lab runner did not carry out the action within ${s} s; press Stop, then Run`,
  stopped: 'the services were stopped',
  wouldNotStop: 'did not stop when asked, so the in-browser runtime was restarted',
  unkillable: (service: string) => `${service} could not be stopped (a process stuck in an endless loop cannot be killed in WebContainer), so the in-browser runtime will restart before the next Run or Check`,
  crashed: (message: string) => `the in-browser runtime failed: ${message}`,
  restarted: 'the in-browser runtime was restarted',
};

const zh: typeof en = {
  checkTimedOut: (s: number) =>
    `检查没有在 ${s} 秒内完成，已中止，浏览器内的运行环境也已重启。可能有服务陷入了死循环（比如 while (true)，或条件永远不变的循环）：找到它，再点一次“检查”。`,
  noResults: (code: number, tail: string) => `评分程序以退出码 ${code} 结束，没有给出结果。${tail ? `\n${tail}` : ''}`,
  runnerDied: (code: number, tail: string) => `服务还没启动，实验运行器就停止了（退出码 ${code}）。${tail ? `\n${tail}` : ''}`,
  runnerSlow: (s: number) => `实验运行器没有在 ${s} 秒内启动服务，已中止，浏览器内的运行环境也已重启。可能有服务在启动时陷入了死循环。`,
  requestTimedOut: (s: number) => `实验运行器 ${s} 秒内没有应答（可能有服务陷入了死循环）；请先点“停止”，再点“运行”`,
  controlTimedOut: (s: number) => `实验运行器没有在 ${s} 秒内完成这个操作；请先点“停止”，再点“运行”`,
  stopped: '服务已停止',
  wouldNotStop: '收到停止请求后没有退出，浏览器内的运行环境已重启',
  unkillable: (service: string) => `无法停止 ${service}（在 WebContainer 里，陷入死循环的进程杀不掉），下次运行或检查前会重启浏览器内的运行环境`,
  crashed: (message: string) => `浏览器内的运行环境出错：${message}`,
  restarted: '浏览器内的运行环境已重启',
};

export function hostWords(locale: Locale = 'en'): typeof en {
  return locale === 'zh-cn' ? zh : en;
}
