/** Reset, graded hints, Show solution / Back to my version, Download my work, Import. */
import { makeSubmission } from '../../engine/submission-file.ts';
import { h, withCode } from './dom.ts';
import type { LabData } from './page-runtime.ts';
import { store } from './store.ts';
import type { Strings } from './strings.ts';
import type { FilesView } from './views/files-view.ts';

export interface WorkActions {
  resetBtn: HTMLButtonElement;
  hintBtn: HTMLButtonElement;
  solutionBtn: HTMLButtonElement;
  downloadBtn: HTMLButtonElement;
  importBtn: HTMLButtonElement;
  importInput: HTMLInputElement;
  hintsBox: HTMLElement;
  showingSolution(): boolean;
}

export function workActions(opts: {
  lab: LabData;
  hints: string[];
  t: Strings;
  files: () => FilesView;
  status: HTMLElement;
  button: (label: string, onclick: () => void) => HTMLButtonElement;
}): WorkActions {
  const { lab, hints, t, status, button } = opts;
  const id = lab.id;
  let showingSolution = store.mine(id) !== undefined;
  const resetBtn = button(t.reset, () => reset());
  const hintBtn = button(t.hint, () => showHint());
  const solutionBtn = button(showingSolution ? t.backToMine : t.showSolution, () => toggleSolution());
  const downloadBtn = button(t.download, () => download());
  const importInput = h('input', { type: 'file', accept: '.json,application/json', class: 'lab-import-input', 'aria-label': t.import, tabindex: '-1' });
  const importBtn = button(t.import, () => importInput.click());
  importInput.addEventListener('change', () => void importFile());
  const hintsBox = h('div', { class: 'lab-hints', 'aria-live': 'polite' });

  function reset() {
    if (!confirm(t.confirmReset)) return;
    showingSolution = false;
    store.saveMine(id, undefined);
    solutionBtn.textContent = t.showSolution;
    opts.files().load(lab.starter);
    opts.files().persist();
  }

  let hintsShown = store.hints(id);
  const renderHints = () => {
    hintsBox.replaceChildren(...hints.slice(0, hintsShown).map((hint, i) => h('div', { class: 'lab-hint' }, h('strong', {}, t.hintOf(i + 1, hints.length)), ' ', withCode(hint))));
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
    const files = opts.files();
    if (showingSolution) {
      const mine = store.mine(id) ?? lab.starter;
      showingSolution = false;
      store.saveMine(id, undefined);
      files.load(mine);
      files.persist();
      solutionBtn.textContent = t.showSolution;
      status.textContent = '';
      return;
    }
    if (!confirm(t.confirmSolution)) return;
    files.cancelSave();
    files.persist();
    store.saveMine(id, files.files());
    showingSolution = true;
    files.load(lab.solution);
    solutionBtn.textContent = t.backToMine;
    status.textContent = t.shownSolution;
  }

  function download() {
    const files = opts.files().files();
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
      opts.files().load({ ...lab.starter, ...submission.files });
      opts.files().persist();
    } catch (error) {
      status.textContent = `${t.error}: ${(error as Error).message}`;
    }
  }

  return { resetBtn, hintBtn, solutionBtn, downloadBtn, importBtn, importInput, hintsBox, showingSolution: () => showingSolution };
}
