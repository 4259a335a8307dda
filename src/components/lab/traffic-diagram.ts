/**
 * The traffic diagram: a sequence diagram drawn as our own SVG from `TrafficEntry[]`, one
 * lifeline per service (and one for the client or the grader), one arrow per exchange with its
 * method, path, status and time. Pure functions with no DOM, so they are unit-tested in Node and
 * the page only inserts the markup. Every piece of text is escaped.
 *
 * Faults are marked three ways, never by colour alone (WCAG 1.4.1): a colour class, an icon and
 * the words ("fault: latency 300ms", "reset"). Runs of identical exchanges (a retry loop, a poller)
 * are grouped into one arrow with "×N", so 50+ exchanges stay readable; the page scrolls the rest.
 */
import { GRADER_CALLER, LEARNER_CALLER, type TrafficEntry } from '../../engine/checks.ts';

export interface DiagramText {
  /** The caller the learner's HTTP client stands for ("you") or the checks' own ("grader"). */
  callerName: (name: string) => string;
  fault: string;
  noAnswer: string;
  times: (n: number) => string;
}

/** One arrow: an exchange, or a run of identical ones. `index` is the last entry of the run. */
export interface DiagramRow {
  entry: TrafficEntry;
  index: number;
  count: number;
  kind: 'ok' | 'client-error' | 'error' | 'fault';
}

const COL = 128;
const LEFT = 52;
const HEAD = 44;
const ROW = 30;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What kind of mark an exchange gets: a fault the grader applied, a failure, a 4xx, or fine. */
export function kindOf(entry: TrafficEntry): DiagramRow['kind'] {
  if (entry.fault) return 'fault';
  if (entry.error || entry.status === undefined || entry.status >= 500) return 'error';
  if (entry.status >= 400) return 'client-error';
  return 'ok';
}

const ICON: Record<DiagramRow['kind'], string> = { ok: '', 'client-error': '!', error: '✕', fault: '⚡' };

/** Lifelines left to right: the callers outside the lab first, then every service in the given order, then any other name seen. */
export function lifelines(entries: readonly TrafficEntry[], services: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const e of entries) seen.add(e.from).add(e.to);
  const outside = [LEARNER_CALLER, GRADER_CALLER].filter((n) => seen.has(n) && !services.includes(n));
  const rest = [...seen].filter((n) => !outside.includes(n) && !services.includes(n));
  return [...outside, ...services, ...rest];
}

/**
 * Rows in the order the exchanges began (they are recorded as they end: a gateway's call to a
 * service ends before the client's call to the gateway). Consecutive identical exchanges (same
 * ends, method, path, outcome and fault) become one row.
 */
export function groupRows(entries: readonly TrafficEntry[]): DiagramRow[] {
  const rows: DiagramRow[] = [];
  const order = entries.map((_, i) => i).sort((a, b) => entries[a]!.startMs - entries[b]!.startMs || a - b);
  order.forEach((index) => {
    const entry = entries[index]!;
    const last = rows[rows.length - 1];
    const same = last && last.entry.from === entry.from && last.entry.to === entry.to && last.entry.method === entry.method && last.entry.path === entry.path && last.entry.status === entry.status && last.entry.error === entry.error && last.entry.fault === entry.fault;
    if (same) {
      last.count += 1;
      last.index = index;
      last.entry = entry;
    } else rows.push({ entry, index, count: 1, kind: kindOf(entry) });
  });
  return rows;
}

/** The outcome in words: `502`, `no answer (refused)`. */
export function outcome(entry: TrafficEntry, text: DiagramText): string {
  if (entry.status !== undefined) return entry.error ? `${entry.status} (${entry.error})` : String(entry.status);
  return entry.error ? `${text.noAnswer} (${entry.error})` : text.noAnswer;
}

/** One exchange as a sentence: the text alternative and the arrow's accessible name. */
export function describeRow(row: DiagramRow, text: DiagramText): string {
  const e = row.entry;
  const parts = [`${text.callerName(e.from)} → ${text.callerName(e.to)}: ${e.method} ${e.path} → ${outcome(e, text)}`, `${Math.round(e.durationMs)} ms`];
  if (e.fault) parts.push(`${text.fault}: ${e.fault}`);
  if (row.count > 1) parts.push(text.times(row.count));
  return `+${Math.round(e.startMs)} ms · ${parts.join(' · ')}`;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface DiagramOptions {
  /** The lab's services, in manifest order. */
  services: readonly string[];
  text: DiagramText;
  /** The diagram's accessible name and description (<title>, <desc>). */
  title: string;
  description: string;
  /** Arrows are buttons (the live view selects them; one tab stop, ↑ ↓ move); otherwise the SVG is one image. */
  interactive?: boolean;
  /** The selected row's `index`, drawn highlighted. */
  selected?: number;
  /**
   * Draw the lifelines' name boxes (default true). The page draws them apart with lifelineHeads()
   * in a sticky row, so the names stay in view while a long diagram scrolls.
   */
  heads?: boolean;
}

/** Just the row of lifeline names, as wide as trafficSvg's diagram for the same entries. */
export function lifelineHeads(entries: readonly TrafficEntry[], options: Pick<DiagramOptions, 'services' | 'text'>): string {
  const lines = lifelines(entries, options.services);
  const width = LEFT + lines.length * COL;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="traffic-svg traffic-heads" viewBox="0 0 ${width} 34" width="${width}" height="34" aria-hidden="true">${lines.map((name, i) => head(name, LEFT + i * COL + COL / 2, options.text)).join('')}</svg>`;
}

function head(name: string, cx: number, text: DiagramText): string {
  return `<g class="tr-head"><rect x="${cx - COL / 2 + 8}" y="4" width="${COL - 16}" height="26" rx="4"/><text x="${cx}" y="22" text-anchor="middle">${escapeXml(cut(text.callerName(name), 17))}</text></g>`;
}

/** The SVG markup for a list of exchanges. */
export function trafficSvg(entries: readonly TrafficEntry[], options: DiagramOptions): string {
  const { text } = options;
  const lines = lifelines(entries, options.services);
  const rows = groupRows(entries);
  const width = LEFT + lines.length * COL;
  const top = options.heads === false ? 4 : HEAD;
  const height = top + rows.length * ROW + 12;
  const x = (name: string) => LEFT + lines.indexOf(name) * COL + COL / 2;
  const out: string[] = [];
  const role = options.interactive ? 'role="group"' : 'role="img"';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="traffic-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${role} aria-label="${escapeXml(options.title)}">`,
    `<title>${escapeXml(options.title)}</title><desc>${escapeXml(options.description)}</desc>`,
  );
  for (const name of lines) {
    const cx = x(name);
    out.push(`<g class="tr-life" aria-hidden="true">${options.heads === false ? '' : head(name, cx, text)}<line x1="${cx}" y1="${Math.max(0, top - 14)}" x2="${cx}" y2="${height - 4}"/></g>`);
  }
  // One tab stop for the whole diagram (roving tabindex): the selected arrow, else the newest.
  const stop = rows.some((r) => r.index === options.selected) ? options.selected : rows[rows.length - 1]?.index;
  rows.forEach((row, i) => {
    const e = row.entry;
    const y = top + i * ROW + 18;
    const x1 = x(e.from);
    const x2 = x(e.to);
    const dir = x2 >= x1 ? 1 : -1;
    const tip = x2 - dir * 4;
    const label = `${row.kind === 'ok' ? '' : `${ICON[row.kind]} `}${e.method} ${cut(e.path, 22)} → ${outcome(e, text)}${row.count > 1 ? ` ×${row.count}` : ''}`;
    const selected = options.selected === row.index ? ' tr-selected' : '';
    const attrs = options.interactive ? ` tabindex="${row.index === stop ? 0 : -1}" role="button" aria-pressed="${selected ? 'true' : 'false'}"` : '';
    out.push(
      `<g class="tr-row tr-${row.kind}${selected}" data-index="${row.index}"${attrs} aria-label="${escapeXml(describeRow(row, text))}">`,
      `<rect class="tr-hit" x="0" y="${y - 16}" width="${width}" height="${ROW - 2}"/>`,
      `<text class="tr-time" x="${LEFT - 8}" y="${y + 4}" text-anchor="end">+${Math.round(e.startMs)}</text>`,
      `<line x1="${x1}" y1="${y}" x2="${tip}" y2="${y}"${e.status === undefined ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<path d="M${x2} ${y} l${-dir * 8} -4 v8 z"/>`,
      `<text class="tr-label" x="${(x1 + x2) / 2}" y="${y - 5}" text-anchor="middle">${escapeXml(label)}</text>`,
      `<text class="tr-ms" x="${(x1 + x2) / 2}" y="${y + 11}" text-anchor="middle">${Math.round(e.durationMs)} ms${e.fault ? ` · ${escapeXml(cut(e.fault, 24))}` : ''}</text>`,
      `</g>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

/** The text alternative: one line per arrow, oldest first. */
export function trafficLines(entries: readonly TrafficEntry[], text: DiagramText): string[] {
  return groupRows(entries).map((row) => describeRow(row, text));
}
