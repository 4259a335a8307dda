/**
 * The grader's own words, in the learner's language. A lab's checks add theirs as
 * `{ en: '…', 'zh-cn': '…' }` (or one string for both).
 */
import type { Localized } from '../engine/locale.ts';

export type Lang = 'en' | 'zh-cn';

let lang: Lang = 'en';

export function setLanguage(locale: string): void {
  lang = locale === 'zh-cn' ? 'zh-cn' : 'en';
}

/** A check author's text in the run's language (English when there is no translation). */
export function say(text: Localized | undefined): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return (lang === 'zh-cn' ? text['zh-cn'] : undefined) ?? text.en;
}

/** Numbers in messages: whole numbers as they are, others with at most 2 decimals. */
function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

const en = {
  lookAt: (look: string) => ` Look at ${look}.`,
  expectedStatus: (request: string, wanted: string, got: string) => `${request}: expected status ${wanted}, got ${got}.`,
  expectedValue: (what: string, expected: string, got: string) => `${what}: expected ${expected}, got ${got}.`,
  expectedJson: (request: string, type: string, body: string) => `${request}: expected a JSON body, got ${type}: ${body}.`,
  noContentType: 'no content-type',
  or: ' or ',
  emptyBody: '(empty body)',
  noAnswer: (request: string, service: string, ms: number) =>
    `${request}: service "${service}" gave no answer within ${ms} ms. Is the handler stuck, or does it never call res.end()?`,
  closed: (request: string, service: string, code: string) =>
    `${request}: service "${service}" closed the connection before answering (${code}). Did it crash? Look at its output.`,
  unreachable: (request: string, service: string, code: string) =>
    `${request}: could not reach service "${service}" (${code}). Is it running and listening on process.env.PORT?`,
  timedOut: (ms: number) => `Did not finish within ${ms} ms. A request is probably waiting on an answer that never comes.`,
  notRun: (reason: string) => `Not run: ${reason.replace(/[.。]$/, '')}.`,
  overTime: (ms: number) => `Not run: the grading run passed its ${ms} ms limit.`,
  crashedDuring: (what: string) => `The answers were right, but ${what} during this check.`,
  meanwhile: (what: string) => ` Meanwhile ${what.replace(/[.?!]$/, '')}${/[?!]$/.test(what) ? what.slice(-1) : '.'}`,
  afterRestart: (failure: string) => `After a restart, ${failure}.`,
  checkCrashed: (stack: string) => `The check itself failed: ${stack}`,
  exitedBeforeListening: (service: string, how: string) => `service "${service}" ${how} before it listened on its port`,
  neverListened: (service: string, port: number, ms: number) =>
    `service "${service}" did not listen on port ${port} (process.env.PORT) within ${ms} ms`,
  exitedCode: (code: number | null) => `exited with code ${code}`,
  killedBy: (signal: string) => `killed by ${signal}`,
  overMemory: (limit: number, used: number) =>
    `was stopped: it used more than ${limit} MB of memory (${used} MB resident). Is something growing without bound (a cache, a list of requests, buffers)?`,
  notHttp: (request: string, service: string, code: string) =>
    `${request}: service "${service}" answered with bytes that are not HTTP (${code}). Answer through node:http (res.writeHead/res.end), not by writing to the raw socket.`,
  couldNotStart: (reason: string) => `could not start: ${reason}`,
  serviceDid: (service: string, what: string) => `service "${service}" ${what}`,
  stopped: 'stopped',
  atMost: (what: string, actual: number, max: number) => `${what}: expected at most ${fmt(max)}, got ${fmt(actual)}.`,
  atLeast: (what: string, actual: number, min: number) => `${what}: expected at least ${fmt(min)}, got ${fmt(actual)}.`,
  afterResume: (failure: string) => `After it was resumed, ${failure}.`,
};

const zh: typeof en = {
  lookAt: (look) => `请检查：${look}。`,
  expectedStatus: (request, wanted, got) => `${request}：期望状态码 ${wanted}，实际得到 ${got}。`,
  expectedValue: (what, expected, got) => `${what}：期望 ${expected}，实际得到 ${got}。`,
  expectedJson: (request, type, body) => `${request}：期望 JSON 响应体，实际得到 ${type}：${body}。`,
  noContentType: '没有 content-type',
  or: ' 或 ',
  emptyBody: '（空响应体）',
  noAnswer: (request, service, ms) => `${request}：服务“${service}”在 ${ms} 毫秒内没有响应。处理函数是不是卡住了，或者从未调用 res.end()？`,
  closed: (request, service, code) => `${request}：服务“${service}”在响应之前关闭了连接（${code}）。它是不是崩溃了？请查看它的输出。`,
  unreachable: (request, service, code) => `${request}：无法连接服务“${service}”（${code}）。它在运行吗？是否监听了 process.env.PORT？`,
  timedOut: (ms) => `没有在 ${ms} 毫秒内完成。很可能有请求在等待一个永远不会到来的响应。`,
  notRun: (reason) => `未运行：${reason.replace(/[.。]$/, '')}。`,
  overTime: (ms) => `未运行：本次评分已超过 ${ms} 毫秒的时限。`,
  crashedDuring: (what) => `响应是对的，但在这项检查期间${what}。`,
  meanwhile: (what) => `与此同时，${what.replace(/[。？！]$/, '')}${/[？！]$/.test(what) ? what.slice(-1) : '。'}`,
  afterRestart: (failure) => `重启之后，${failure}。`,
  checkCrashed: (stack) => `检查本身出错了：${stack}`,
  exitedBeforeListening: (service, how) => `服务“${service}”在监听端口之前就${how}`,
  neverListened: (service, port, ms) => `服务“${service}”没有在 ${ms} 毫秒内监听端口 ${port}（process.env.PORT）`,
  exitedCode: (code) => `退出了（退出码 ${code}）`,
  killedBy: (signal) => `被 ${signal} 终止`,
  overMemory: (limit, used) => `被强制停止：它占用的内存超过了 ${limit} MB（常驻内存 ${used} MB）。是不是有什么东西在无限增长（缓存、请求列表、缓冲区）？`,
  notHttp: (request, service, code) => `${request}：服务“${service}”返回的字节不是 HTTP 报文（${code}）。请通过 node:http 作答（res.writeHead/res.end），不要直接往底层 socket 里写。`,
  couldNotStart: (reason) => `无法启动：${reason}`,
  serviceDid: (service, what) => `服务“${service}”${what}`,
  stopped: '停止了',
  atMost: (what, actual, max) => `${what}：期望不超过 ${fmt(max)}，实际为 ${fmt(actual)}。`,
  atLeast: (what, actual, min) => `${what}：期望至少 ${fmt(min)}，实际为 ${fmt(actual)}。`,
  afterResume: (failure) => `恢复运行之后，${failure}。`,
};

/** The grader's messages in the run's language. */
export function words(): typeof en {
  return lang === 'zh-cn' ? zh : en;
}
