import type { Check, CheckContext, HttpResponse } from '../../src/engine/checks.ts';
import { INSTANCES, SIGNAL_GRACE_MS, bothInRotation, burst, numbers, tally, verifyContract, type InstanceName } from './check-helpers.ts';

/** How long the request sent straight to an instance just before its SIGTERM takes. */
const IN_FLIGHT_MS = 300;
/** How long past DRAIN_DELAY_MS a new connection must be refused. */
const LATE_MS = 150;

/**
 * A rolling restart of one instance, the way an orchestrator does it: SIGTERM, wait for the
 * exit, start it again, wait until the load balancer has it back. A request sent straight to the
 * instance just before the SIGTERM is in flight while it shuts down (with the 3 loops of traffic,
 * at most 4 requests reach one instance at a time: MAX_IN_FLIGHT).
 */
async function restartGracefully(t: CheckContext, name: InstanceName, inFlight: Promise<HttpResponse | undefined>[]): Promise<void> {
  const { drainMs, shutdownMs } = numbers(t);
  inFlight.push(t.http(name).attempt('GET', `/items/2?delay=${IN_FLIGHT_MS}`, { timeoutMs: 5000 }));
  await t.sleep(50);
  await t.service(name).signal('SIGTERM');
  const exited = await t.service(name).waitForExit(drainMs + shutdownMs + 1000);
  t.expect.ok(exited, {
    en: `After SIGTERM, ${name} should exit once its requests in flight have finished (DRAIN_DELAY_MS = ${drainMs}, then at most SHUTDOWN_TIMEOUT_MS = ${shutdownMs}), but it was still running ${drainMs + shutdownMs + 1000} ms later. Look at your SIGTERM handler: server.close(), then process.exit(0) in its callback.`,
    'zh-cn': `收到 SIGTERM 后，${name} 应在在途请求处理完后退出（先等 DRAIN_DELAY_MS = ${drainMs}，再最多等 SHUTDOWN_TIMEOUT_MS = ${shutdownMs}），但过了 ${drainMs + shutdownMs + 1000} ms 它仍在运行。请检查 SIGTERM 处理函数：先 server.close()，再在它的回调里 process.exit(0)。`,
  });
  await t.service(name).restart();
  await bothInRotation(t);
}

const checks: Check[] = [
  {
    id: 'serves-through-lb',
    title: {
      en: 'Both instances serve GET /items/<id> through the load balancer',
      'zh-cn': '两个实例都通过负载均衡器处理 GET /items/<id>',
    },
    points: 1,
    async run(t) {
      await bothInRotation(t);
      const answers: HttpResponse[] = [];
      for (let i = 0; i < 4; i++) answers.push(await t.http('lb').get('/items/1'));
      for (const res of answers) {
        t.expect.status(res, 200, { en: 'GET /items/1 through the load balancer: the /items/:id route', 'zh-cn': '经负载均衡器请求 GET /items/1：/items/:id 路由' });
      }
      const servedBy = new Set(answers.map((r) => r.headers['x-served-by']));
      t.expect.ok(servedBy.size === 2, {
        en: `4 × GET /items/1 through the load balancer should be spread over api-1 and api-2 (round robin), but they were served by ${[...servedBy].join(', ')}. Look at GET /ready on both instances.`,
        'zh-cn': `经负载均衡器发出的 4 次 GET /items/1 应轮流分给 api-1 和 api-2，实际处理它们的是 ${[...servedBy].join('、')}。请检查两个实例的 GET /ready。`,
      });
    },
  },
  {
    id: 'contract-holds',
    title: {
      en: "The storefront's contract (contract.json) holds on both instances and through the load balancer",
      'zh-cn': 'storefront 的契约（contract.json）在两个实例上以及经负载均衡器时都成立',
    },
    points: 2,
    expectedMs: 100,
    async run(t) {
      await bothInRotation(t);
      for (const target of [...INSTANCES, 'lb']) await verifyContract(t, target, { en: 'before any restart', 'zh-cn': '在任何重启之前' });
    },
  },
  {
    id: 'sigterm-not-ready',
    title: {
      en: 'On SIGTERM, /ready turns 503 at once while /health stays 200, and the instance exits',
      'zh-cn': '收到 SIGTERM 后，/ready 立即变为 503，/health 仍为 200，随后实例退出',
    },
    points: 2,
    expectedMs: 200,
    async run(t) {
      const { drainMs, shutdownMs } = numbers(t);
      await t.service('api-1').signal('SIGTERM');
      // The signal is delivered; the process runs its handler on its next turn: give it a moment.
      let ready = await t.http('api-1').attempt('GET', '/ready');
      for (const started = Date.now(); ready?.status === 200 && Date.now() - started < SIGNAL_GRACE_MS; ) {
        await t.sleep(10);
        ready = await t.http('api-1').attempt('GET', '/ready');
      }
      t.expect.ok(ready?.status === 503, {
        en: `Within ${SIGNAL_GRACE_MS} ms of SIGTERM, GET /ready on api-1 should answer 503 (the instance is draining: the load balancer must stop sending it requests), got ${ready?.summary ?? 'no answer'}. Keep listening for DRAIN_DELAY_MS (${drainMs} ms) and answer 503 on /ready during that time.`,
        'zh-cn': `收到 SIGTERM 后 ${SIGNAL_GRACE_MS} ms 内，api-1 的 GET /ready 应返回 503（实例正在排空，负载均衡器必须停止给它发请求），实际${ready ? `得到 ${ready.summary}` : '没有应答'}。请在 DRAIN_DELAY_MS（${drainMs} ms）内继续监听，并让 /ready 返回 503。`,
      });
      const health = await t.http('api-1').attempt('GET', '/health');
      t.expect.ok(health?.status === 200, {
        en: `Right after SIGTERM, GET /health on api-1 should still answer 200 (it is shutting down on purpose, not broken: a failing liveness probe would get it killed), got ${health?.summary ?? 'no answer'}.`,
        'zh-cn': `刚收到 SIGTERM 时，api-1 的 GET /health 仍应返回 200（它是在有计划地停机，而不是坏了；存活探针失败会让它被直接杀掉），实际${health ? `得到 ${health.summary}` : '没有应答'}。`,
      });
      const exited = await t.service('api-1').waitForExit(drainMs + shutdownMs + 1000);
      t.expect.ok(exited, {
        en: `After SIGTERM with nothing in flight, api-1 should exit after about DRAIN_DELAY_MS (${drainMs} ms), but it was still running ${drainMs + shutdownMs + 1000} ms later. Look at your SIGTERM handler: server.close(), then process.exit(0) in its callback.`,
        'zh-cn': `没有在途请求时收到 SIGTERM，api-1 应在约 DRAIN_DELAY_MS（${drainMs} ms）后退出，但过了 ${drainMs + shutdownMs + 1000} ms 它仍在运行。请检查 SIGTERM 处理函数：先 server.close()，再在它的回调里 process.exit(0)。`,
      });
    },
  },
  {
    id: 'sigterm-drains',
    title: {
      en: 'After the drain delay new connections are refused, but the request in flight still gets its answer',
      'zh-cn': '排空等待结束后拒绝新连接，但在途请求依然得到应答',
    },
    points: 3,
    expectedMs: 550,
    async run(t) {
      const { drainMs, shutdownMs } = numbers(t);
      const work = drainMs + 350;
      const slow = t.http('api-2').attempt('GET', `/items/1?delay=${work}`, { timeoutMs: work + 3000 });
      await t.sleep(50);
      await t.service('api-2').signal('SIGTERM');
      await t.sleep(drainMs + LATE_MS);
      const late = await t.http('api-2').attempt('GET', '/items/2', { timeoutMs: 500 });
      const answer = await slow;
      t.expect.ok(answer?.status === 200, {
        en: `GET /items/1?delay=${work} was in flight on api-2 when it got SIGTERM: it should still be answered 200, got ${answer?.summary ?? 'no answer (the connection was cut)'}. Let the requests in flight finish before exiting: exit in the callback of server.close(), not right away.`,
        'zh-cn': `api-2 收到 SIGTERM 时，GET /items/1?delay=${work} 正在处理中：它仍应得到 200，实际${answer ? `得到 ${answer.summary}` : '没有应答（连接被切断了）'}。退出前要让在途请求处理完：在 server.close() 的回调里退出，而不是立即退出。`,
      });
      t.expect.ok(late === undefined || late.status === 503, {
        en: `${drainMs + LATE_MS} ms after SIGTERM (past DRAIN_DELAY_MS = ${drainMs}), a new request to api-2 should be refused (server.close() stops accepting connections), but it was answered ${late?.summary}. Look at what your SIGTERM handler does once the drain delay has passed.`,
        'zh-cn': `收到 SIGTERM ${drainMs + LATE_MS} ms 后（已超过 DRAIN_DELAY_MS = ${drainMs}），发给 api-2 的新请求应被拒绝（server.close() 会停止接受新连接），实际却得到应答 ${late?.summary}。请检查排空等待结束后 SIGTERM 处理函数做了什么。`,
      });
      const exited = await t.service('api-2').waitForExit(shutdownMs + 1000);
      t.expect.ok(exited, {
        en: `api-2 should exit once its last request has been answered, but it was still running ${shutdownMs + 1000} ms later. Look at the callback of server.close().`,
        'zh-cn': `api-2 应在最后一个请求得到应答后退出，但过了 ${shutdownMs + 1000} ms 它仍在运行。请检查 server.close() 的回调。`,
      });
    },
  },
  {
    id: 'rolling-restart',
    title: {
      en: 'A rolling restart of both instances under steady traffic loses no request',
      'zh-cn': '在持续流量下滚动重启两个实例，不丢一个请求',
    },
    points: 4,
    expectedMs: 1000,
    timeoutMs: 15000,
    async run(t) {
      await bothInRotation(t);
      let running = true;
      const sent: { what: string; res: Promise<HttpResponse | undefined> }[] = [];
      const loop = async (i: number) => {
        while (running) {
          const path = `/items/${(i % 3) + 1}?delay=60`;
          const res = t.http('lb').attempt('GET', path, { timeoutMs: 5000 });
          sent.push({ what: `GET ${path} (lb)`, res });
          await res;
        }
      };
      // 3 loops: even with one instance out, the other stays under MAX_IN_FLIGHT (4).
      const loops = Array.from({ length: 3 }, (_, i) => loop(i));
      const direct: Promise<HttpResponse | undefined>[] = [];
      await t.sleep(50);
      for (const name of INSTANCES) {
        await restartGracefully(t, name, direct);
        sent.push({ what: `GET /items/2?delay=${IN_FLIGHT_MS} (${name}, in flight at SIGTERM)`, res: direct[direct.length - 1]! });
      }
      await t.sleep(50);
      running = false;
      await Promise.all(loops);
      const all = await Promise.all(sent.map(async (s) => ({ what: s.what, res: await s.res })));
      const failed = all.filter((a) => a.res?.status !== 200);
      const first = failed[0];
      const firstEn = first ? ` (the first: ${first.what}${first.res?.headers['x-served-by'] ? `, served by ${first.res.headers['x-served-by']}` : ''}: ${first.res?.summary ?? 'no answer'})` : '';
      const firstZh = first ? `（第一个是 ${first.what}${first.res?.headers['x-served-by'] ? `，由 ${first.res.headers['x-served-by']} 处理` : ''}：${first.res?.summary ?? '无应答'}）` : '';
      t.expect.ok(failed.length === 0, {
        en:
          `While api-1 and then api-2 were restarted (SIGTERM, exit, start), ${failed.length} of ${all.length} requests failed: ${tally(all.map((a) => a.res))}${firstEn}. ` +
          `The load balancer learns about a draining instance only from GET /ready, every READY_POLL_MS: answer 503 there at once, keep serving for DRAIN_DELAY_MS, then close and let the requests in flight finish.`,
        'zh-cn':
          `依次重启 api-1 和 api-2（SIGTERM、退出、再启动）期间，${all.length} 个请求中有 ${failed.length} 个失败：${tally(all.map((a) => a.res), 'zh-cn')}${firstZh}。` +
          `负载均衡器只能通过每 READY_POLL_MS 一次的 GET /ready 得知实例正在排空：收到 SIGTERM 就立即让它返回 503，继续服务 DRAIN_DELAY_MS，然后再关闭，并让在途请求处理完。`,
      });
      for (const target of [...INSTANCES, 'lb']) await verifyContract(t, target, { en: 'after the rolling restart', 'zh-cn': '在滚动重启之后' });
    },
  },
  {
    id: 'load-shedding',
    title: {
      en: 'Past MAX_IN_FLIGHT, requests get 503 with Retry-After at once, and the probes still answer',
      'zh-cn': '超过 MAX_IN_FLIGHT 时请求立即得到带 Retry-After 的 503，探针照常应答',
    },
    points: 3,
    expectedMs: 300,
    async run(t) {
      const { maxInFlight } = numbers(t);
      const n = maxInFlight * 3;
      const work = 300;
      const answersP = burst(t, 'api-1', `/items/1?delay=${work}`, n);
      await t.sleep(150);
      const [health, ready] = await Promise.all([t.http('api-1').attempt('GET', '/health'), t.http('api-1').attempt('GET', '/ready')]);
      const answers = await answersP;
      const accepted = answers.filter((a) => a?.status === 200).length;
      const shed = answers.filter((a) => a?.status === 503);
      t.expect.ok(accepted >= 1 && accepted <= maxInFlight && shed.length === n - accepted, {
        en: `${n} requests at once to api-1 (each takes ${work} ms; MAX_IN_FLIGHT = ${maxInFlight}): expected at most ${maxInFlight} answered 200 and every other one 503, got ${tally(answers)}. Count the requests in flight; past the limit answer 503 right away instead of queueing them.`,
        'zh-cn': `同时向 api-1 发出 ${n} 个请求（每个耗时 ${work} ms；MAX_IN_FLIGHT = ${maxInFlight}）：期望至多 ${maxInFlight} 个得到 200，其余全部得到 503，实际为 ${tally(answers, 'zh-cn')}。请统计在途请求数；超过上限就立即返回 503，不要让请求排队。`,
      });
      const noRetryAfter = shed.filter((a) => !a!.headers['retry-after']);
      t.expect.ok(noRetryAfter.length === 0, {
        en: `${noRetryAfter.length} of the ${shed.length} shed requests had no Retry-After header (got ${noRetryAfter[0]?.summary}). A 503 for overload tells the client when to come back: Retry-After: 1.`,
        'zh-cn': `${shed.length} 个被卸除的请求中有 ${noRetryAfter.length} 个没有 Retry-After 响应头（实际得到 ${noRetryAfter[0]?.summary}）。因过载返回的 503 要告诉客户端何时再来：Retry-After: 1。`,
      });
      t.expect.ok(health?.status === 200 && ready?.status === 200, {
        en: `During the burst, GET /health answered ${health?.summary ?? 'nothing'} and GET /ready ${ready?.summary ?? 'nothing'}; both should answer 200. Never shed the probes and do not count them against the limit: a balancer that cannot ask would take the instance out, an orchestrator would kill it.`,
        'zh-cn': `请求突发期间，GET /health 返回 ${health?.summary ?? '（无应答）'}，GET /ready 返回 ${ready?.summary ?? '（无应答）'}；两者都应返回 200。探针永远不要卸除，也不计入上限：负载均衡器问不到就会摘掉实例，编排器则会直接杀掉它。`,
      });
    },
  },
];

export default checks;
