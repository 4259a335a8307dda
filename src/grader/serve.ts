/**
 * Serve mode (`node grader/main.js --serve`): runs the lab's services for the learner to try,
 * without checks. The host talks to it in JSON lines:
 *
 *   stdout  {"type":"ready","services":[{"name","port","provided","failure"?}]}
 *           {"type":"log","service","text"}      everything a service prints
 *           {"type":"exit","service","description"}
 *           {"type":"traffic","entry":{from,to,method,path,status?,error?,fault?,startMs,durationMs,detail?}}
 *           {"type":"state","services":[{"name","state"}],"faults":[…]}
 *           {"type":"response","id","ok":true,"status","headers","body","durationMs"} | {"type":"response","id","ok":false,"error"}
 *           {"type":"control-result","id","ok","error"?,"services","faults"}
 *           {"type":"stopped"}
 *   stdin   {"type":"request","id","service","method","path","headers"?,"body"?}
 *           {"type":"control","id","action",…}   see ControlAction in src/hosts/runtime.ts
 *           {"type":"stop"}
 *
 * Every line is ASCII (see json-line.ts). Requests are sent from inside the container (`from: "you"`
 * in the traffic), so the page's HTTP client works the same in every host. Traffic details carry
 * bodies cut at 2 KB.
 * It stops when asked, when stdin closes (its host went away) or after 30 minutes.
 */
import { createInterface } from 'node:readline';
import type { LEARNER_CALLER } from '../engine/checks.ts';
import type { RunConfig } from '../engine/run-tree.ts';
import { trafficError } from './http-client.ts';
import { httpRequest, RequestError } from './http-request.ts';
import { jsonLine } from './json-line.ts';
import { LabServices } from './lab-services.ts';
import { control } from './serve-control.ts';
import { cut } from './traffic.ts';

/** The learner's requests from the page (the grader ships without the engine: a literal, typed to match). */
const LEARNER: typeof LEARNER_CALLER = 'you';

const MAX_LIFETIME_MS = 30 * 60 * 1000;
const MAX_BODY = 64 * 1024;

function send(message: object): void {
  process.stdout.write(jsonLine(message));
}

interface RequestMessage {
  type: 'request';
  id: string;
  service: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function serve(config: RunConfig, root: string, seed: number): Promise<never> {
  // In WebContainer stdin is a pseudo-terminal: without raw mode it echoes every request back and
  // its line discipline cuts lines at 4 KB (MAX_CANON). Raw mode leaves bytes as they are. First
  // thing, before anything is printed: the switch waits for printed output to drain (TCSADRAIN),
  // and a request sent in answer to `ready` must not arrive before it.
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  if (config.error) {
    send({ type: 'ready', services: [], error: config.error });
    send({ type: 'stopped' });
    process.exit(0);
  }
  const lab = await LabServices.create(config, root, { seed, external: LEARNER });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await lab.stop();
    process.stdout.write(jsonLine({ type: 'stopped' }), () => process.exit(0));
  };
  for (const [name, service] of lab.services) {
    if (service.options.dir !== 'app') continue;
    service.logs.onPush = (text) => send({ type: 'log', service: name, text: lab.learnerPaths(text) });
  }
  await lab.start();
  lab.traffic.restart();
  lab.traffic.retain = false;
  const sendState = () => send({ type: 'state', services: lab.states(), faults: lab.book.active() });
  lab.book.onChange = sendState;
  // A fault that hit a request has a new hit count: one state line for a burst of them.
  let hitsPending: ReturnType<typeof setTimeout> | undefined;
  lab.traffic.onEntry = (entry, detail) => {
    send({ type: 'traffic', entry: detail ? { ...entry, detail } : entry });
    if (entry.fault && !hitsPending) {
      hitsPending = setTimeout(() => {
        hitsPending = undefined;
        if (!stopping) sendState();
      }, 100);
    }
  };
  send({
    type: 'ready',
    services: [...lab.services].map(([name, s]) => ({
      name,
      port: s.options.port,
      provided: s.options.dir === 'provided',
      ...(s.failure ? { failure: s.failure } : {}),
    })),
  });
  sendState();
  let lastStates = JSON.stringify(lab.states());
  const watch = setInterval(() => {
    for (const [name, s] of lab.services) {
      if (!s.running && s.exitDescription && !s.stoppedOnPurpose) {
        s.stoppedOnPurpose = true; // report once
        send({ type: 'exit', service: name, description: s.failure ?? `service "${name}" ${s.exitDescription}` });
      }
    }
    const states = JSON.stringify(lab.states());
    if (states !== lastStates) {
      lastStates = states;
      sendState();
    }
  }, 200);
  setTimeout(() => void stop(), MAX_LIFETIME_MS).unref();

  const handle = async (message: RequestMessage) => {
    const service = lab.services.get(message.service);
    if (!service) return send({ type: 'response', id: message.id, ok: false, error: `no service named "${message.service}"` });
    if (!/^\//.test(message.path)) return send({ type: 'response', id: message.id, ok: false, error: 'the path must start with /' });
    const started = performance.now();
    const startMs = lab.traffic.now();
    const generation = lab.traffic.generation;
    const route = lab.route(message.service);
    const method = message.method.toUpperCase();
    const body = ['GET', 'HEAD'].includes(method) ? undefined : message.body;
    const record = (patch: { status?: number; error?: string; headers?: Record<string, string>; text?: string }) => {
      if (!route.direct) return; // the edge proxy recorded it
      const { headers, text, ...outcome } = patch;
      lab.traffic.add(
        { from: LEARNER, to: message.service, method, path: message.path, ...outcome, startMs, durationMs: performance.now() - started },
        { requestHeaders: message.headers ?? {}, requestBody: cut(body), responseHeaders: headers, responseBody: cut(text) },
        generation,
      );
    };
    try {
      const res = await httpRequest(`${route.url}${message.path}`, {
        method,
        headers: message.headers,
        body,
        timeoutMs: 10_000,
        maxBytes: MAX_BODY + 1,
      });
      record({ status: res.status, headers: res.headers, text: res.text });
      let text = res.text;
      if (text.length > MAX_BODY) text = `${text.slice(0, MAX_BODY)}\n… (cut at ${MAX_BODY} characters)`;
      send({ type: 'response', id: message.id, ok: true, status: res.status, headers: res.headers, body: text, durationMs: Math.round(performance.now() - started) });
    } catch (error) {
      const code = error instanceof RequestError ? error.code : String(error);
      record({ error: trafficError(code) });
      const reason = code === 'timeout' ? 'no answer within 10 s' : code;
      send({ type: 'response', id: message.id, ok: false, error: `could not reach ${message.service}: ${reason}` });
    }
  };

  const lines = createInterface({ input: process.stdin, terminal: false }); // lines as they are, no keypress handling
  lines.on('line', (line) => {
    let message: { type?: string; id?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    if (message.type === 'stop') void stop();
    else if (message.type === 'request') void handle(message as RequestMessage);
    else if (message.type === 'control') {
      void control(lab, message as Record<string, unknown>).then((result) => {
        send({ type: 'control-result', id: message.id, ...result });
        sendState();
      });
    }
  });
  lines.on('close', () => void stop());
  await new Promise(() => {});
  clearInterval(watch);
  throw new Error('unreachable');
}
