/**
 * The traffic record: every exchange the grader sees in the current check (or, in serve mode,
 * since Run began). Entries come from the edge proxies and from the checks' own HTTP client.
 */
import type { TrafficEntry, TrafficFilter, TrafficRecord } from '../engine/checks.ts';
import type { TrafficDetail } from '../hosts/runtime.ts';
import { matchesFilter } from './fault-scope.ts';

/** More than this in one check is kept for the budgets but not all written to the results document. */
export const MAX_ENTRIES_KEPT = 20_000;
export const MAX_ENTRIES_REPORTED = 500;
export const DETAIL_BYTES = 2048;

export function cut(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > DETAIL_BYTES ? `${text.slice(0, DETAIL_BYTES)}… (cut at 2 KB)` : text;
}

export class TrafficLog implements TrafficRecord {
  private entries: TrafficEntry[] = [];
  private origin = performance.now();
  /** Bumped by restart(): an exchange that began in an earlier check is not counted in this one. */
  generation = 0;
  /** False in serve mode: exchanges are streamed, not kept (Run may last half an hour). */
  retain = true;
  /** Serve mode streams each exchange with its detail as it completes. */
  onEntry: ((entry: TrafficEntry, detail?: TrafficDetail) => void) | undefined;

  /** Forget everything and count time from now: before every check. */
  restart(): void {
    this.entries = [];
    this.open.clear();
    this.origin = performance.now();
    this.generation++;
  }

  /** Milliseconds since the check (or Run) began. */
  now(): number {
    return performance.now() - this.origin;
  }

  private readonly open = new Set<TrafficEntry>();

  /** An exchange that began and has not ended yet (the proxy calls close() with the same object). */
  begin(entry: TrafficEntry): TrafficEntry {
    this.open.add(entry);
    return entry;
  }
  end(entry: TrafficEntry): void {
    this.open.delete(entry);
  }

  /** Waits up to `ms` for the exchanges still open to end (a caller's abort takes a moment to arrive). */
  async quiet(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while (this.open.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  add(entry: TrafficEntry, detail?: TrafficDetail, generation = this.generation): void {
    if (generation !== this.generation) return;
    const clean: TrafficEntry = { ...entry, startMs: Math.round(entry.startMs), durationMs: Math.round(entry.durationMs) };
    if (this.retain && this.entries.length < MAX_ENTRIES_KEPT) this.entries.push(clean);
    this.onEntry?.(clean, detail);
  }

  list(filter?: TrafficFilter): TrafficEntry[] {
    return this.entries.filter((e) => matchesFilter(filter, e)).sort((a, b) => a.startMs - b.startMs);
  }

  count(filter?: TrafficFilter): number {
    return this.entries.reduce((n, e) => n + (matchesFilter(filter, e) ? 1 : 0), 0);
  }

  /** Nearest-rank percentile of durationMs (0 when nothing matches). */
  percentile(p: number, filter?: TrafficFilter): number {
    if (!(p >= 0 && p <= 100)) throw new Error(`traffic.percentile: p must be between 0 and 100, got ${p}`);
    const values = this.entries.filter((e) => matchesFilter(filter, e)).map((e) => e.durationMs).sort((a, b) => a - b);
    if (values.length === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * values.length));
    return values[rank - 1]!;
  }

  reset(): void {
    this.entries = [];
  }

  /** What the results document carries for the check: the first entries, oldest first. */
  report(): { traffic: TrafficEntry[]; trafficDropped?: number } {
    // Exchanges still waiting (a blackhole, a paused service) are listed with `error: "no answer yet"`.
    const now = this.now();
    const waiting = [...this.open].map((e) => ({ ...e, error: 'no answer yet', durationMs: Math.round(now - e.startMs) }));
    const all = [...this.list(), ...waiting].sort((a, b) => a.startMs - b.startMs);
    if (all.length <= MAX_ENTRIES_REPORTED) return { traffic: all };
    return { traffic: all.slice(0, MAX_ENTRIES_REPORTED), trafficDropped: all.length - MAX_ENTRIES_REPORTED };
  }
}
