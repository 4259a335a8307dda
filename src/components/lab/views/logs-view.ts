/** The run-and-logs view: one tab per service, the tail of its output. */
import { h } from '../dom.ts';
import type { Strings } from '../strings.ts';

export interface LogsView {
  element: HTMLElement;
  clear(): void;
  append(service: string, text: string): void;
  /** Makes sure these services have a tab, and picks the first one if none is chosen. */
  ensure(services: string[]): void;
}

export function logsView(t: Strings): LogsView {
  const logs = new Map<string, string>();
  let shown = '';
  const tabsEl = h('div', { class: 'lab-log-tabs' });
  const view = h('pre', { class: 'lab-log', tabindex: '0', 'aria-label': t.output }, t.notRunning);
  const element = h('section', { class: 'lab-panel lab-panel-output', 'aria-label': t.output }, h('h3', {}, t.output), tabsEl, view);
  const render = () => {
    tabsEl.replaceChildren(
      ...[...logs.keys()].map((name) => h('button', { type: 'button', class: 'lab-tab', 'aria-pressed': String(name === shown), onclick: () => ((shown = name), render()) }, name)),
    );
    view.textContent = logs.get(shown) || t.noOutput;
    view.scrollTop = view.scrollHeight;
  };
  return {
    element,
    clear: () => logs.clear(),
    append(service, text) {
      logs.set(service, ((logs.get(service) ?? '') + text).slice(-20_000));
      render();
    },
    ensure(services) {
      shown ||= services[0] ?? '';
      for (const s of services) if (!logs.has(s)) logs.set(s, '');
      render();
    },
  };
}
