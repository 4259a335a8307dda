/** The editor view: file tabs (arrow keys move between them) and the CodeMirror editor, saved as you type. */
import { h } from '../dom.ts';
import { createEditor } from '../editor.ts';
import { store } from '../store.ts';
import type { Strings } from '../strings.ts';

export interface FilesView {
  element: HTMLElement;
  files(): Record<string, string>;
  /** Replaces every file (reset, solution, import); keeps the open tab when it still exists. */
  load(next: Record<string, string>): void;
  /** Saves now (unless the solution is shown: that is not the learner's work). */
  persist(): void;
  cancelSave(): void;
}

export function filesView(opts: { id: string; title: string; starter: Record<string, string>; t: Strings; saved: HTMLElement; showingSolution: () => boolean }): FilesView {
  const { id, t } = opts;
  let files: Record<string, string> = { ...opts.starter, ...(store.files(id) ?? {}) };
  let current = Object.keys(opts.starter)[0]!;
  const tabs = h('div', { role: 'tablist', 'aria-label': t.files, class: 'lab-tabs' });
  const editorHost = h('div', { class: 'lab-editor', role: 'tabpanel' });
  const element = h('div', { class: 'lab-files' }, tabs, editorHost, h('p', { class: 'lab-keys', id: `lab-${id}-keys` }, t.editorKeys, h('span', { class: 'lab-focus-keys' }, `${/[。！？]$/.test(t.editorKeys) ? '' : ' '}${t.focusKeys}`)));

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const persist = () => {
    if (opts.showingSolution()) return;
    opts.saved.textContent = store.saveFiles(id, files) ? t.saved : '⚠';
  };
  const editor = createEditor(editorHost, files[current] ?? '', (text) => {
    files[current] = text;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(persist, 250);
  }, `${current} — ${opts.title}`);
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
    openFile(names[(i + (key === 'ArrowRight' ? 1 : names.length - 1)) % names.length]!);
    (tabs.querySelector('[aria-selected="true"]') as HTMLElement | null)?.focus();
  });
  const openFile = (name: string) => {
    current = name;
    editor.setDoc(files[name] ?? '');
    renderTabs();
  };
  renderTabs();

  return {
    element,
    files: () => files,
    load(next) {
      files = { ...next };
      if (!(current in files)) current = Object.keys(files)[0]!;
      editor.setDoc(files[current] ?? '');
      renderTabs();
    },
    persist,
    cancelSave: () => clearTimeout(saveTimer),
  };
}
