/**
 * The lab workbench, loaded only when the lab comes into view or the learner clicks: file tabs
 * and an editor, Run/Stop, a log view per service, an HTTP client, Check with the results, hints,
 * reset, show solution, download/import. It talks to whichever runtime selectRuntime picked.
 */
import type { Locale } from '../../engine/locale.ts';
import type { Results } from '../../engine/results.ts';
import { formatPoints, scoreText } from '../../engine/score.ts';
import { makeSubmission } from '../../engine/submission-file.ts';
import type { LabBundle } from '../../hosts/webcontainer/host.ts';
import type { LabRuntime, RunningLab, RunEvent } from '../../hosts/runtime.ts';
import { LocalRuntime } from '../../hosts/local/client.ts';
import { h, withCode } from './dom.ts';
import { createEditor, type Editor } from './editor.ts';
import { selectRuntime, type RuntimePreference } from './select-runtime.ts';
import { store } from './store.ts';
import { STRINGS } from './strings.ts';

export interface LabData extends LabBundle {
  id: string;
  chapter: string;
  title: string;
  starter: Record<string, string>;
  solution: Record<string, string>;
  hints: string[];
  hintsByLocale: Record<Locale, string[]>;
  services: { name: string; provided: boolean }[];
}

let runtimePromise: Promise<Awaited<ReturnType<typeof selectRuntime>>> | undefined;
const bundles = new Map<string, LabData>();

/** One runtime per page, shared by its labs (WebContainer boots once per page). */
function pageRuntime(): ReturnType<typeof selectRuntime> {
  runtimePromise ??= (async () => {
    const url = new URL(location.href);
    const preference = (url.searchParams.get('runtime') ?? localStorage.getItem('mslab:runtime') ?? 'auto') as RuntimePreference;
    const token = LocalRuntime.tokenFrom(document);
    // A WebContainer that did not boot in this tab will not boot on the next page either.
    const failedBefore = sessionStorage.getItem('mslab:webcontainer-failed') === '1';
    const selection = await selectRuntime({
      isolated: globalThis.crossOriginIsolated === true,
      online: navigator.onLine && !failedBefore,
      preference,
      // With the local server as a fallback, do not keep the learner waiting long.
      bootTimeoutMs: token ? 4_000 : 15_000,
      async bootWebContainer() {
        const { bootWebContainer } = await import('../../hosts/webcontainer/boot.ts');
        return bootWebContainer(async (id) => bundles.get(id) ?? (await loadLabData(id)));
      },
      async local() {
        if (!token) return undefined;
        const runtime = new LocalRuntime(token);
        return (await runtime.available()) ? runtime : undefined;
      },
    });
    if (selection.notes.some((n) => n.startsWith('WebContainer did not boot'))) sessionStorage.setItem('mslab:webcontainer-failed', '1');
    return selection;
  })();
  return runtimePromise;
}

async function loadLabData(id: string): Promise<LabData> {
  const res = await fetch(`/lab-data/${id}.json`);
  if (!res.ok) throw new Error(`could not load /lab-data/${id}.json (${res.status})`);
  const data = (await res.json()) as LabData;
  bundles.set(id, data);
  return data;
}

export async function mountLab(root: HTMLElement): Promise<void> {
  const id = root.dataset.lab!;
  const locale = (root.dataset.locale === 'zh-cn' ? 'zh-cn' : 'en') as Locale;
  const t = STRINGS[locale];
  const lab = await loadLabData(id);
  const hints = lab.hintsByLocale?.[locale] ?? lab.hints;

  let files: Record<string, string> = { ...lab.starter, ...(store.files(id) ?? {}) };
  let current = Object.keys(lab.starter)[0]!;
  let running: RunningLab | undefined;
  let runtime: LabRuntime | undefined;
  let showingSolution = store.mine(id) !== undefined;
  const logs = new Map<string, string>();

  // ---- layout -------------------------------------------------------------------------------
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
  const resetBtn = button(t.reset, () => reset());
  const hintBtn = button(t.hint, () => showHint());
  const solutionBtn = button(showingSolution ? t.backToMine : t.showSolution, () => toggleSolution());
  const downloadBtn = button(t.download, () => download());
  const importInput = h('input', { type: 'file', accept: '.json,application/json', class: 'lab-import-input', 'aria-label': t.import, tabindex: '-1' });
  const importBtn = button(t.import, () => importInput.click());
  importInput.addEventListener('change', () => void importFile());

  const tabs = h('div', { role: 'tablist', 'aria-label': t.files, class: 'lab-tabs' });
  const editorHost = h('div', { class: 'lab-editor', role: 'tabpanel' });
  const hintsBox = h('div', { class: 'lab-hints', 'aria-live': 'polite' });
  const results = h('div', { class: 'lab-results', role: 'region', 'aria-live': 'polite', 'aria-label': t.results });
  const logTabs = h('div', { class: 'lab-log-tabs' });
  const logView = h('pre', { class: 'lab-log', tabindex: '0', 'aria-label': t.output }, t.notRunning);
  let logService = '';

  const serviceSelect = h('select', { 'aria-label': t.service });
  const methodSelect = h('select', { 'aria-label': t.method }, ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m }, m)));
  const pathInput = h('input', { type: 'text', value: '/health', 'aria-label': t.path, spellcheck: 'false', class: 'lab-path' });
  const headersInput = h('textarea', { rows: 2, 'aria-label': t.headers, placeholder: 'content-type: application/json', spellcheck: 'false' });
  const bodyInput = h('textarea', { rows: 3, 'aria-label': t.body, placeholder: '{"name": "Teapot", "price": 12.5}', spellcheck: 'false' });
  const sendBtn = button(t.send, () => void send(), { disabled: 'true' });
  const response = h('pre', { class: 'lab-response', 'aria-live': 'polite', tabindex: '0' });
  for (const s of lab.services) serviceSelect.append(h('option', { value: s.name }, s.name));

  root.replaceChildren(
    h('div', { class: 'lab-toolbar' }, runBtn, stopBtn, checkBtn, resetBtn, hintBtn, solutionBtn, downloadBtn, importBtn, importInput),
    h('div', { class: 'lab-meta' }, h('span', {}, runtimeBadge, ' ', picker), saved),
    status,
    hintsBox,
    h('div', { class: 'lab-files' }, tabs, editorHost, h('p', { class: 'lab-keys', id: `lab-${id}-keys` }, t.editorKeys)),
    h('div', { class: 'lab-panels' },
      h('section', { class: 'lab-panel lab-panel-results', 'aria-label': t.results }, h('h3', {}, t.results), results),
      h('section', { class: 'lab-panel', 'aria-label': t.output }, h('h3', {}, t.output), logTabs, logView),
      h('section', { class: 'lab-panel lab-http', 'aria-label': t.request },
        h('h3', {}, t.request),
        h('div', { class: 'lab-http-line' }, serviceSelect, methodSelect, pathInput, sendBtn),
        h('label', {}, t.headers, headersInput),
        h('label', {}, t.body, bodyInput),
        response,
      ),
    ),
  );

  // ---- files and editor ------------------------------------------------------------------------
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const editor: Editor = createEditor(editorHost, files[current] ?? '', (text) => {
    files[current] = text;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(persist, 250);
  }, `${current} — ${lab.title}`);
  const persist = () => {
    if (showingSolution) return; // the solution is not the learner's work
    saved.textContent = store.saveFiles(id, files) ? t.saved : '⚠';
  };
  addEventListener('pagehide', () => {
    clearTimeout(saveTimer);
    persist();
  });

  const renderTabs = () => {
    tabs.replaceChildren(
      ...Object.keys(files).map((name) =>
        h('button', { type: 'button', role: 'tab', 'aria-selected': String(name === current), tabindex: name === current ? '0' : '-1', class: 'lab-tab', onclick: () => openFile(name) }, name),
      ),
    );
  };
  tabs.addEventListener('keydown', (event) => {
    const names = Object.keys(files);
    const i = names.indexOf(current);
    const key = (event as KeyboardEvent).key;
    if (key !== 'ArrowRight' && key !== 'ArrowLeft') return;
    const next = names[(i + (key === 'ArrowRight' ? 1 : names.length - 1)) % names.length]!;
    openFile(next);
    (tabs.querySelector('[aria-selected="true"]') as HTMLElement | null)?.focus();
  });
  const openFile = (name: string) => {
    current = name;
    editor.setDoc(files[name] ?? '');
    renderTabs();
  };
  const loadFiles = (next: Record<string, string>) => {
    files = { ...next };
    if (!(current in files)) current = Object.keys(files)[0]!;
    editor.setDoc(files[current] ?? '');
    renderTabs();
  };
  renderTabs();
  if (showingSolution) status.textContent = t.shownSolution;

  // ---- runtime ---------------------------------------------------------------------------------
  const busy = (on: boolean) => {
    for (const b of [runBtn, checkBtn]) b.toggleAttribute('disabled', on || !runtime);
  };
  busy(true);
  void pageRuntime().then((selection) => {
    runtime = selection.runtime;
    root.dataset.runtime = selection.kind;
    runtimeBadge.textContent = `${t.runtime}: ${selection.kind === 'local' ? t.runtimeLocal : selection.kind === 'webcontainer' ? t.runtimeWebcontainer : t.runtimeNone}`;
    runtimeBadge.title = selection.notes.join('\n');
    if (!runtime) {
      status.replaceChildren(
        withCode(t.noRuntime),
        h('pre', { class: 'lab-cli' }, `npm run lab -- start ${id}\nnpm run lab -- check ${id}`),
      );
    }
    busy(false);
  });

  const showLogs = () => {
    logTabs.replaceChildren(
      ...[...logs.keys()].map((name) =>
        h('button', { type: 'button', class: 'lab-tab', 'aria-pressed': String(name === logService), onclick: () => ((logService = name), showLogs()) }, name),
      ),
    );
    logView.textContent = logs.get(logService) || t.noOutput;
    logView.scrollTop = logView.scrollHeight;
  };
  const onEvent = (event: RunEvent) => {
    if (event.type === 'log') logs.set(event.service, ((logs.get(event.service) ?? '') + event.text).slice(-20_000));
    else if (event.type === 'exit') logs.set(event.service, `${logs.get(event.service) ?? ''}\n⚠ ${event.description}\n`);
    else if (event.type === 'stopped') {
      running = undefined;
      stopBtn.setAttribute('disabled', '');
      sendBtn.setAttribute('disabled', '');
    }
    showLogs();
  };

  async function run() {
    if (!runtime) return;
    await stop();
    busy(true);
    status.textContent = t.starting;
    logs.clear();
    try {
      running = await runtime.run(id, files, onEvent);
      if (running.error) {
        status.textContent = `${t.error}: ${running.error}`;
        running = undefined;
      } else {
        const learner = running.services.filter((s) => !s.provided);
        logService ||= learner[0]?.name ?? '';
        for (const s of learner) if (!logs.has(s.name)) logs.set(s.name, '');
        const failures = running.services.filter((s) => s.failure).map((s) => s.failure);
        status.textContent = failures.length ? `${t.error}: ${failures.join('; ')}` : t.running(running.services.map((s) => s.name).join(', '));
        stopBtn.removeAttribute('disabled');
        sendBtn.removeAttribute('disabled');
        showLogs();
      }
    } catch (error) {
      status.textContent = `${t.error}: ${(error as Error).message}`;
    } finally {
      busy(false);
    }
  }

  async function stop() {
    const r = running;
    running = undefined;
    if (!r) return;
    await r.stop();
    status.textContent = t.stopped;
    stopBtn.setAttribute('disabled', '');
    sendBtn.setAttribute('disabled', '');
  }

  async function send() {
    if (!running) return;
    const headers: Record<string, string> = {};
    for (const line of headersInput.value.split('\n')) {
      const at = line.indexOf(':');
      if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    }
    const method = methodSelect.value;
    const body = method === 'GET' || method === 'DELETE' ? undefined : bodyInput.value;
    if (body && !headers['content-type'] && /^\s*[[{]/.test(body)) headers['content-type'] = 'application/json';
    const path = pathInput.value.startsWith('/') ? pathInput.value : `/${pathInput.value}`;
    response.textContent = '…';
    const r = await running.request({ service: serviceSelect.value, method, path, headers, body });
    if (!r.ok) {
      response.textContent = `${t.requestFailed}: ${r.error}`;
      return;
    }
    let text = r.body ?? '';
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON: shown as is
    }
    const head = Object.entries(r.headers ?? {}).filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)).map(([k, v]) => `${k}: ${v}`).join('\n');
    response.textContent = `${method} ${path} → ${r.status} (${r.durationMs} ms)\n${head}\n\n${text}`;
  }

  async function check() {
    if (!runtime) return;
    busy(true);
    status.textContent = t.checking;
    results.replaceChildren();
    try {
      const r = await runtime.grade(id, files, locale);
      renderResults(r);
      if (r.status === 'pass' && !showingSolution) {
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

  function renderResults(r: Results) {
    const passed = r.checks.filter((c) => c.status === 'pass').length;
    results.replaceChildren(
      h('p', { class: `lab-total lab-total-${r.status}` }, h('strong', {}, `${t.score}: ${scoreText(r)}`), ` — ${r.status === 'pass' ? t.allPassed : t.passed(passed, r.checks.length)}`),
      ...(r.error ? [h('p', { class: 'lab-error' }, r.error)] : []),
      h('ul', { class: 'lab-checks' },
        ...r.checks.map((c) =>
          h('li', { class: `lab-check lab-check-${c.status}`, 'data-check': c.id },
            h('span', { class: 'lab-mark', 'aria-hidden': 'true' }, c.status === 'pass' ? '✓' : c.status === 'fail' ? '✗' : '!'),
            h('span', { class: 'lab-check-title' }, c.title, c.hidden ? ` (${t.hidden})` : ''),
            h('span', { class: 'lab-points' }, t.pointsOf(formatPoints(c.earned), formatPoints(c.points))),
            c.status !== 'pass' && !(r.error && c.message.includes(r.error)) ? h('p', { class: 'lab-message' }, c.message) : undefined,
            c.status !== 'pass' && c.logs ? h('details', {}, h('summary', {}, t.output), h('pre', {}, c.logs)) : undefined,
          ),
        ),
      ),
    );
  }

  // ---- reset, hints, solution, download, import ---------------------------------------------------
  function reset() {
    if (!confirm(t.confirmReset)) return;
    showingSolution = false;
    store.saveMine(id, undefined);
    solutionBtn.textContent = t.showSolution;
    loadFiles(lab.starter);
    persist();
  }

  let hintsShown = store.hints(id);
  const renderHints = () => {
    hintsBox.replaceChildren(
      ...hints.slice(0, hintsShown).map((hint, i) => h('div', { class: 'lab-hint' }, h('strong', {}, t.hintOf(i + 1, hints.length)), ' ', withCode(hint))),
    );
    hintBtn.textContent = hintsShown >= hints.length ? t.noMoreHints : `${t.hint} (${hintsShown + 1}/${hints.length})`;
    hintBtn.toggleAttribute('disabled', hintsShown >= hints.length);
  };
  function showHint() {
    hintsShown = Math.min(hints.length, hintsShown + 1);
    store.saveHints(id, hintsShown);
    renderHints();
  }
  renderHints();

  function toggleSolution() {
    if (showingSolution) {
      const mine = store.mine(id) ?? lab.starter;
      showingSolution = false;
      store.saveMine(id, undefined);
      loadFiles(mine);
      persist();
      solutionBtn.textContent = t.showSolution;
      status.textContent = '';
      return;
    }
    if (!confirm(t.confirmSolution)) return;
    clearTimeout(saveTimer);
    persist();
    store.saveMine(id, files);
    showingSolution = true;
    loadFiles(lab.solution);
    solutionBtn.textContent = t.backToMine;
    status.textContent = t.shownSolution;
  }

  function download() {
    const own = showingSolution ? (store.mine(id) ?? files) : files;
    const blob = new Blob([JSON.stringify(makeSubmission(id, own), null, 2)], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `${id}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  async function importFile() {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    try {
      const { parseSubmission } = await import('../../engine/submission.ts');
      const submission = parseSubmission(await file.text());
      if (submission.lab !== id) throw new Error(t.importWrongLab(submission.lab));
      if (!confirm(t.confirmImport)) return;
      showingSolution = false;
      store.saveMine(id, undefined);
      solutionBtn.textContent = t.showSolution;
      loadFiles({ ...lab.starter, ...submission.files });
      persist();
    } catch (error) {
      status.textContent = `${t.error}: ${(error as Error).message}`;
    }
  }
}
