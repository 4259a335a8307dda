/**
 * The learner's work, saved in localStorage per lab, so edits survive a reload.
 *   mslab:<id>:files   their files          mslab:<id>:mine   their version while the solution is shown
 *   mslab:<id>:hints   hints revealed       mslab:done        { <lab id>: <chapter slug> } labs with full marks
 */
type Files = Record<string, string>;

const key = (lab: string, what: string) => `mslab:${lab}:${what}`;

function read<T>(k: string): T | undefined {
  try {
    const text = localStorage.getItem(k);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

function write(k: string, value: unknown): boolean {
  try {
    if (value === undefined) localStorage.removeItem(k);
    else localStorage.setItem(k, JSON.stringify(value));
    return true;
  } catch {
    return false; // storage full or disabled: the page says "not saved"
  }
}

export const store = {
  files: (lab: string) => read<Files>(key(lab, 'files')),
  saveFiles: (lab: string, files: Files) => write(key(lab, 'files'), files),
  mine: (lab: string) => read<Files>(key(lab, 'mine')),
  saveMine: (lab: string, files: Files | undefined) => write(key(lab, 'mine'), files),
  hints: (lab: string) => read<number>(key(lab, 'hints')) ?? 0,
  saveHints: (lab: string, n: number) => write(key(lab, 'hints'), n),
  done: () => read<Record<string, string>>('mslab:done') ?? {},
  markDone(lab: string, chapter: string) {
    write('mslab:done', { ...this.done(), [lab]: chapter });
  },
};
