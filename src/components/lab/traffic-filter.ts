/**
 * The Traffic view's filter, as in a browser's network panel: words separated by spaces, each
 * matched (case-insensitively) against an exchange's caller, callee, method, path, outcome and
 * fault; every plain word must match, and no word written `-word` may. `-PUT -/ready` hides the
 * heartbeats and the readiness polls; `echo` keeps the calls to and from the echo instances.
 */
import type { TrafficEntry } from '../../engine/checks.ts';

export function trafficFilter(query: string, callerName: (name: string) => string = (n) => n): (entry: TrafficEntry) => boolean {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '' && w !== '-');
  const wanted = words.filter((w) => !w.startsWith('-'));
  const unwanted = words.filter((w) => w.startsWith('-')).map((w) => w.slice(1));
  if (words.length === 0) return () => true;
  return (e) => {
    const outcome = e.status !== undefined ? String(e.status) : (e.error ?? '');
    const text = [callerName(e.from), e.from, '→', callerName(e.to), e.to, e.method, e.path, outcome, e.fault ?? ''].join(' ').toLowerCase();
    return wanted.every((w) => text.includes(w)) && !unwanted.some((w) => text.includes(w));
  };
}
