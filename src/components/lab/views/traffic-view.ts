/**
 * The live Traffic view during Run: every exchange (the HTTP client → a service, service →
 * service) as an arrow in the sequence diagram, as it happens. Arrows are buttons (Tab, Enter or
 * Space, or a click): the selected one shows its request and response below. The filter above
 * (traffic-filter.ts) hides what the learner is not looking at, such as heartbeats (`-PUT`).
 */
import type { TrafficEntry } from '../../../engine/checks.ts';
import type { TrafficDetail } from '../../../hosts/runtime.ts';
import { h } from '../dom.ts';
import type { Strings } from '../strings.ts';
import { trafficLines } from '../traffic-diagram.ts';
import { trafficFilter } from '../traffic-filter.ts';
import { diagram, diagramText } from './traffic-figure.ts';

type Live = TrafficEntry & { detail?: TrafficDetail };

export interface TrafficView {
  element: HTMLElement;
  add(entry: Live): void;
  clear(): void;
}

/** The most exchanges kept: older ones drop off the top. */
const KEEP = 500;

const headerText = (headers: Record<string, string> | undefined) => Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n');

export function trafficView(t: Strings, services: string[]): TrafficView {
  const text = diagramText(t);
  let entries: Live[] = [];
  let selected: number | undefined;
  let scheduled = false;
  let query = '';
  /** What the filter lets through, with each one's index in `entries`. */
  let shown: { entry: Live; at: number }[] = [];
  const count = h('span', { class: 'lab-traffic-count', 'aria-live': 'off' }, t.trafficOf(0));
  const filter = h('input', {
    type: 'search',
    class: 'lab-traffic-filter',
    'aria-label': t.trafficFilter,
    placeholder: t.trafficFilterHint,
    spellcheck: 'false',
    oninput: () => {
      query = filter.value;
      render();
    },
  });
  const clearBtn = h('button', { type: 'button', class: 'lab-btn lab-btn-small', onclick: () => clear() }, t.trafficClear);
  const scroll = h('div', { class: 'lab-traffic-scroll lab-traffic-live' });
  const empty = h('p', { class: 'lab-traffic-empty' }, t.trafficEmpty);
  const list = h('ol', {});
  const detail = h('pre', { class: 'lab-traffic-detail', tabindex: '0', 'aria-live': 'polite' });
  const element = h('section', { class: 'lab-panel lab-panel-traffic', role: 'region', 'aria-label': t.traffic },
    h('h3', {}, t.traffic),
    h('div', { class: 'lab-traffic-head' }, count, filter, clearBtn),
    empty,
    scroll,
    h('p', { class: 'lab-keys' }, t.trafficSelect),
    detail,
    h('details', { class: 'lab-traffic-text' }, h('summary', {}, t.trafficAsText), list),
  );

  const render = () => {
    scheduled = false;
    const focused = (document.activeElement as Element | null)?.closest?.('.tr-row')?.getAttribute('data-index');
    const atBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight < 40;
    const keep = trafficFilter(query, text.callerName);
    shown = entries.flatMap((entry, at) => (keep(entry) ? [{ entry, at }] : []));
    const visible = shown.map((s) => s.entry);
    const at = shown.findIndex((s) => s.at === selected);
    count.textContent = shown.length === entries.length ? t.trafficOf(entries.length) : t.trafficShown(shown.length, entries.length);
    empty.textContent = entries.length === 0 ? t.trafficEmpty : t.trafficNoMatch;
    empty.hidden = visible.length > 0;
    scroll.hidden = visible.length === 0;
    scroll.replaceChildren(...(visible.length ? diagram(visible, { services, text, title: t.traffic, description: t.trafficDiagram(visible.length), interactive: true, selected: at < 0 ? undefined : at }) : []));
    list.replaceChildren(...trafficLines(visible, text).map((line) => h('li', {}, line)));
    if (focused) (scroll.querySelector(`.tr-row[data-index="${focused}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
    if (atBottom) scroll.scrollTop = scroll.scrollHeight;
    showDetail();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };
  const showDetail = () => {
    const e = selected === undefined ? undefined : entries[selected];
    if (!e) {
      detail.textContent = '';
      return;
    }
    const d = e.detail ?? {};
    const what = text.callerName(e.from) + ' → ' + text.callerName(e.to);
    const outcome = e.status !== undefined ? String(e.status) : `${t.noAnswer}${e.error ? ` (${e.error})` : ''}`;
    detail.textContent = [
      `${what}  ${e.method} ${e.path} → ${outcome}  (${Math.round(e.durationMs)} ms)${e.fault ? `  ⚡ ${t.fault}: ${e.fault}` : ''}`,
      '',
      `— ${t.trafficRequest} —`,
      headerText(d.requestHeaders),
      d.requestBody ?? '',
      '',
      `— ${t.trafficResponse} —`,
      headerText(d.responseHeaders),
      d.responseBody ?? '',
    ].join('\n').replace(/\n{3,}/g, '\n\n');
  };
  const select = (target: EventTarget | Element | null) => {
    const row = (target as Element | null)?.closest?.('.tr-row');
    if (!row) return;
    selected = shown[Number(row.getAttribute('data-index'))]?.at;
    render();
  };
  scroll.addEventListener('click', (event) => select(event.target));
  scroll.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    const row = (event.target as Element | null)?.closest?.('.tr-row');
    if (!row) return;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      select(row);
    } else if (key === 'ArrowDown' || key === 'ArrowUp' || key === 'Home' || key === 'End') {
      // Selection follows focus between the arrows (one tab stop for the diagram).
      const rows = [...scroll.querySelectorAll<HTMLElement>('.tr-row')];
      const at = rows.indexOf(row as HTMLElement);
      const next = key === 'Home' ? rows[0] : key === 'End' ? rows[rows.length - 1] : rows[at + (key === 'ArrowDown' ? 1 : -1)];
      if (!next) return;
      event.preventDefault();
      select(next);
      (scroll.querySelector(`.tr-row[data-index="${next.dataset.index}"]`) as HTMLElement | null)?.focus();
    }
  });
  function clear() {
    entries = [];
    selected = undefined;
    render();
  }
  render();

  return {
    element,
    add(entry) {
      entries.push(entry);
      if (entries.length > KEEP) {
        const drop = entries.length - KEEP;
        entries = entries.slice(drop);
        if (selected !== undefined) selected = selected >= drop ? selected - drop : undefined;
      }
      schedule();
    },
    clear,
  };
}
