import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isLocale } from '../../engine/locale.ts';
import { submissionSchema } from '../../engine/submission.ts';
import { gradeFiles } from '../node/grade.ts';
import { loadLab } from '../node/lab-repo.ts';
import { ServeSession } from '../node/serve-session.ts';
import type { ControlAction } from '../runtime.ts';
import { checkLabRequest } from './guard.ts';
import { ISOLATION_HEADERS } from './static-files.ts';

const MAX_BODY = 2 * 1024 * 1024;
const MAX_SESSIONS = 4;
const IDLE_MS = 15 * 60 * 1000;
const MAX_GRADING = 2;

const labId = z.string().regex(/^[a-z][a-z0-9-]*$/);
const files = submissionSchema.shape.files;
const schemas = {
  grade: z.object({ lab: labId, files, locale: z.string().optional() }),
  run: z.object({ lab: labId, files }),
  poll: z.object({ session: z.string(), since: z.number().int().min(0) }),
  request: z.object({
    session: z.string(),
    service: z.string(),
    method: z.string().regex(/^[A-Z]{3,7}$/),
    path: z.string().max(2000),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().max(256 * 1024).optional(),
  }),
  stop: z.object({ session: z.string() }),
  /** The Faults panel (ControlAction in src/hosts/runtime.ts); the grader validates the fault itself. */
  control: z.discriminatedUnion('action', [
    z.object({ session: z.string(), action: z.enum(['kill', 'restart', 'pause', 'resume']), service: z.string().max(100) }),
    z.object({
      session: z.string(),
      action: z.literal('fault'),
      service: z.string().max(100),
      fault: z.looseObject({ kind: z.enum(['latency', 'slow-body', 'blackhole', 'reset', 'truncate', 'status', 'duplicate']) }),
      scope: z
        .object({
          method: z.string().max(10).optional(),
          path: z.string().max(500).optional(),
          from: z.string().max(100).optional(),
          times: z.number().int().min(1).optional(),
          probability: z.number().min(0).max(1).optional(),
        })
        .optional(),
    }),
    z.object({ session: z.string(), action: z.literal('remove-fault'), id: z.number().int() }),
    z.object({ session: z.string(), action: z.literal('clear'), service: z.string().max(100).optional() }),
  ]),
};

class HttpError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...ISOLATION_HEADERS });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `the request is over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new HttpError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}

function findLab(id: string) {
  try {
    return loadLab(id);
  } catch (error) {
    throw new HttpError(404, (error as Error).message);
  }
}

/**
 * The local host: the lab API that `npm start` serves beside the site, under /__lab/.
 * Every route is POST, answers JSON, and is refused (403) without the page's token or from
 * another origin. Learner code runs sandboxed, exactly as `npm run lab -- check` runs it.
 */
export function createLabApi(options: { port: () => number; token: string }) {
  const sessions = new Map<string, ServeSession>();
  /** Sessions being started: counted at once, so ten simultaneous Runs cannot pass the limit. */
  let starting = 0;
  let grading = 0;
  const queue: (() => void)[] = [];
  const slot = async () => {
    if (grading >= MAX_GRADING) await new Promise<void>((resolve) => queue.push(resolve));
    grading++;
  };
  const release = () => {
    grading--;
    queue.shift()?.();
  };

  const sweep = setInterval(() => {
    for (const [id, session] of sessions) {
      if (session.stopped || Date.now() - session.lastUsed > IDLE_MS) {
        void session.stop();
        sessions.delete(id);
      }
    }
  }, 30_000);
  sweep.unref();

  const routes: Record<string, (body: unknown) => Promise<unknown>> = {
    async grade(body) {
      const input = parse(schemas.grade, body);
      const lab = findLab(input.lab);
      await slot();
      try {
        return await gradeFiles(lab, input.files, { hidden: false, sandbox: true, locale: isLocale(input.locale) ? input.locale : 'en' });
      } finally {
        release();
      }
    },
    async run(body) {
      const input = parse(schemas.run, body);
      const lab = findLab(input.lab);
      if (starting >= MAX_SESSIONS) throw new HttpError(429, `already starting ${MAX_SESSIONS} labs: wait for them, then press Run again`);
      starting++;
      try {
        // Make room synchronously (no await between the count and the start): the oldest sessions go.
        const excess = sessions.size + starting - MAX_SESSIONS;
        const oldest = [...sessions.values()].sort((a, b) => a.lastUsed - b.lastUsed).slice(0, Math.max(0, excess));
        for (const session of oldest) sessions.delete(session.id);
        await Promise.all(oldest.map((session) => session.stop()));
        const session = await ServeSession.start(lab, input.files);
        sessions.set(session.id, session);
        return { session: session.id, services: session.services, error: session.error };
      } finally {
        starting--;
      }
    },
    async poll(body) {
      const input = parse(schemas.poll, body);
      const session = sessions.get(input.session);
      if (!session) return { events: [{ type: 'stopped' }], next: input.since };
      session.lastUsed = Date.now();
      return session.eventsSince(input.since);
    },
    async request(body) {
      const input = parse(schemas.request, body);
      const session = sessions.get(input.session);
      if (!session) return { ok: false, error: 'the services are not running: press Run' };
      return session.request(input);
    },
    async control(body) {
      const { session: id, ...action } = parse(schemas.control, body);
      const session = sessions.get(id);
      if (!session) return { ok: false, error: 'the services are not running: press Run', services: [], faults: [] };
      return session.control(action as ControlAction);
    },
    async stop(body) {
      const input = parse(schemas.stop, body);
      const session = sessions.get(input.session);
      sessions.delete(input.session);
      await session?.stop();
      return { stopped: true };
    },
  };

  return {
    /** Handles /__lab/* requests; returns false for any other path. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = (req.url ?? '').split('?')[0]!;
      if (!path.startsWith('/__lab/')) return false;
      const refusal = checkLabRequest(req, options.port(), options.token);
      if (refusal) {
        reply(res, refusal.status, { error: refusal.reason });
        return true;
      }
      const name = path.slice('/__lab/'.length);
      // Own properties only: /__lab/constructor or /__lab/__proto__ must not reach Object.prototype.
      const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
      if (!route) {
        reply(res, 404, { error: `no lab API route ${path}` });
        return true;
      }
      if (req.method !== 'POST') {
        reply(res, 405, { error: 'use POST' });
        return true;
      }
      try {
        reply(res, 200, await route(await readJson(req)));
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        reply(res, status, { error: (error as Error).message });
      }
      return true;
    },
    async close(): Promise<void> {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((s) => s.stop()));
      sessions.clear();
    },
  };
}
