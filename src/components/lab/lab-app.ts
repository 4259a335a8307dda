/**
 * The lab workbench, loaded only when the lab comes into view or the learner clicks. This module
 * lays out the views and wires them to whichever runtime selectRuntime picked:
 *   views/files-view    file tabs and the editor        views/logs-view     Run's output per service
 *   views/http-view     the HTTP client                 views/results-view  Check's results and diagrams
 *   views/traffic-view  live traffic during Run         views/faults-view   the Faults panel
 *   work-actions        reset, hints, solution, download, import;   focus-mode   the Focus mode toggle
 */
import type { Locale } from '../../engine/locale.ts';
import { scoreText } from '../../engine/score.ts';
import type { LabRuntime, RunningLab, RunEvent } from '../../hosts/runtime.ts';
import { h, withCode } from './dom.ts';
import { focusToggle } from './focus-mode.ts';
import { loadLabData, pageRuntime } from './page-runtime.ts';
import { store } from './store.ts';
import { STRINGS } from './strings.ts';
import { faultsView } from './views/faults-view.ts';
import { filesView } from './views/files-view.ts';
import { httpView } from './views/http-view.ts';
import { logsView } from './views/logs-view.ts';
import { resultsView } from './views/results-view.ts';
import { trafficView } from './views/traffic-view.ts';
import { workActions } from './work-actions.ts';

import './workbench.css';

export type { LabData } from './page-runtime.ts';

export async function mountLab(root: HTMLElement): Promise<void> {
  const id = root.dataset.lab!;
  const locale = (root.dataset.locale === 'zh-cn' ? 'zh-cn' : 'en') as Locale;
  const t = STRINGS[locale];
  const lab = await loadLabData(id);
  const hints = lab.hintsByLocale?.[locale] ?? lab.hints;
  const serviceNames = lab.services.map((s) => s.name);
  let running: RunningLab | undefined;
  let runtime: LabRuntime | undefined;

  const status = h('p', { class: 'lab-status', role: 'status', 'aria-live': 'polite' });
  const runtimeBadge = h('span', { class: 'lab-runtime' }, `${t.runtime}: ${t.runtimeStarting}`);
  const picker = h('select', { 'aria-label': t.runtimeChoice, class: 'lab-runtime-choice' },
    ...(['auto', 'local', 'webcontainer'] as const).map((value) => h('option', { value }, t.runtimeOptions[value])));
  picker.value = localStorage.getItem('mslab:runtime') ?? 'auto';
  picker.addEventListener('change', () => {
    localStorage.setItem('mslab:runtime', picker.value);
    sessionStorage.removeItem('mslab:webcontainer-failed');
    status.textContent = t.runtimeReload;
  });
  const saved = h('span', { class: 'lab-saved', 'aria-live': 'off' });
  const button = (label: string, onclick: () => void, extra: Record<string, string> = {}) => h('button', { type: 'button', class: 'lab-btn', onclick, ...extra }, label);
  const runBtn = button(t.run, () => void run());
  const stopBtn = button(t.stop, () => void stop(), { disabled: 'true' });
  const checkBtn = button(t.check, () => void check(), { class: 'lab-btn lab-btn-primary' });

  const actions = workActions({ lab, hints, t, files: () => files, status, button });
  const files = filesView({ id, title: lab.title, starter: lab.starter, t, saved, showingSolution: actions.showingSolution });
  const logs = logsView(t);
  const http = httpView(t, lab.services, button);
  const results = resultsView(t, serviceNames);
  const traffic = trafficView(t, serviceNames);
  const faults = faultsView(t, serviceNames);

  root.replaceChildren(
    h('div', { class: 'lab-toolbar' }, runBtn, stopBtn, checkBtn, actions.resetBtn, actions.hintBtn, actions.solutionBtn, actions.downloadBtn, actions.importBtn, actions.importInput, focusToggle(root, t)),
    h('div', { class: 'lab-meta' }, h('span', {}, runtimeBadge, ' ', picker), saved),
    status,
    actions.hintsBox,
    h('div', { class: 'lab-body' },
      files.element,
      h('div', { class: 'lab-panels' }, results.element, logs.element, http.element, traffic.element, faults.element),
    ),
  );
  if (actions.showingSolution()) status.textContent = t.shownSolution;

  const busy = (on: boolean) => {
    for (const b of [runBtn, checkBtn]) b.toggleAttribute('disabled', on || !runtime);
  };
  busy(true);
  void pageRuntime().then((selection) => {
    runtime = selection.runtime;
    root.dataset.runtime = selection.kind;
    runtimeBadge.textContent = `${t.runtime}: ${selection.kind === 'local' ? t.runtimeLocal : selection.kind === 'webcontainer' ? t.runtimeWebcontainer : t.runtimeNone}`;
    runtimeBadge.title = selection.notes.join('\n');
    if (!runtime) status.replaceChildren(withCode(t.noRuntime), h('pre', { class: 'lab-cli' }, `npm run lab -- start ${id}\nnpm run lab -- check ${id}`));
    busy(false);
  });

  const setRunning = (next: RunningLab | undefined) => {
    running = next;
    stopBtn.toggleAttribute('disabled', !next);
    http.setRunning(next);
    faults.setRunning(next);
  };
  const onEvent = (event: RunEvent) => {
    if (event.type === 'log') logs.append(event.service, event.text);
    else if (event.type === 'exit') logs.append(event.service, `\n⚠ ${event.description}\n`);
    else if (event.type === 'traffic') traffic.add(event.entry);
    else if (event.type === 'state') faults.update(event.services, event.faults);
    else if (event.type === 'stopped') setRunning(undefined);
  };

  async function run() {
    if (!runtime) return;
    await stop();
    busy(true);
    status.textContent = t.starting;
    logs.clear();
    traffic.clear();
    try {
      const next = await runtime.run(id, files.files(), onEvent);
      if (next.error) {
        status.textContent = `${t.error}: ${next.error}`;
      } else {
        logs.ensure(next.services.filter((s) => !s.provided).map((s) => s.name));
        const failures = next.services.filter((s) => s.failure).map((s) => s.failure);
        status.textContent = failures.length ? `${t.error}: ${failures.join('; ')}` : t.running(next.services.map((s) => s.name).join(', '));
        setRunning(next);
      }
    } catch (error) {
      status.textContent = `${t.error}: ${(error as Error).message}`;
    } finally {
      busy(false);
    }
  }

  async function stop() {
    const r = running;
    if (!r) return;
    setRunning(undefined);
    await r.stop();
    status.textContent = t.stopped;
  }

  async function check() {
    if (!runtime) return;
    busy(true);
    status.textContent = t.checking;
    results.clear();
    try {
      const r = await runtime.grade(id, files.files(), locale);
      results.show(r);
      if (r.status === 'pass' && !actions.showingSolution()) {
        store.markDone(id, lab.chapter);
        document.dispatchEvent(new CustomEvent('mslab:progress'));
      }
      status.textContent = `${t.score}: ${scoreText(r)}`;
    } catch (error) {
      status.textContent = `${t.error}: ${(error as Error).message}`;
    } finally {
      busy(false);
    }
  }
}
