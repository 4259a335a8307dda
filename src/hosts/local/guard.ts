import type { IncomingMessage } from 'node:http';

/**
 * The local host runs learner code on this machine, so only the site's own pages may use it:
 * the Host must be loopback (no DNS rebinding), the Origin must be the site itself (no other
 * web page), and the request must carry the per-run token, which only the address `npm start`
 * printed carries (in its fragment, never sent to a server or embedded in a page).
 */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).includes(req.headers.host ?? '');
}

export type Refusal = { status: 403; reason: string };

export function checkLabRequest(req: IncomingMessage, port: number, token: string): Refusal | undefined {
  if (!hostAllowed(req, port)) return { status: 403, reason: 'the lab API answers only on 127.0.0.1 or localhost' };
  const origin = req.headers.origin;
  if (!origin || !allowedHosts(port).some((h) => origin === `http://${h}`)) {
    return { status: 403, reason: `requests from ${origin ?? 'an unknown origin'} are refused: only the course's own pages may run labs` };
  }
  const given = req.headers['x-lab-token'];
  if (typeof given !== 'string' || !timingSafeEqual(given, token)) {
    return { status: 403, reason: 'missing or wrong lab key: open the address `npm start` printed (it ends in #t=…; the key changes each time `npm start` runs)' };
  }
  return undefined;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
