/**
 * The OS sandbox's cost: grading hello-service's solution with bubblewrap and without it
 * (MSLAB_SANDBOX=none), interleaved run by run so both see the same machine.
 */
import { gradeFiles } from '../src/hosts/node/grade.ts';
import { loadLab } from '../src/hosts/node/lab-repo.ts';
import { osSandbox, resetOsSandbox } from '../src/hosts/node/os-sandbox.ts';

export async function sandboxOverhead(runs: number, median: (xs: number[]) => number): Promise<string> {
  const lab = loadLab('hello-service');
  const timed = async (mode: 'bwrap' | 'none') => {
    if (mode === 'none') process.env.MSLAB_SANDBOX = 'none';
    else delete process.env.MSLAB_SANDBOX;
    resetOsSandbox();
    if (osSandbox().kind !== mode) throw new Error(`no ${mode} sandbox here: ${osSandbox().reason}`);
    const t = performance.now();
    const r = await gradeFiles(lab, lab.solution, { hidden: true });
    if (r.score !== r.maxScore) throw new Error(`hello-service scored ${r.score}/${r.maxScore} with sandbox ${mode}`);
    return performance.now() - t;
  };
  const withIt: number[] = [];
  const without: number[] = [];
  await timed('bwrap');
  await timed('none');
  for (let i = 0; i < runs; i++) {
    withIt.push(await timed('bwrap'));
    without.push(await timed('none'));
  }
  delete process.env.MSLAB_SANDBOX;
  resetOsSandbox();
  const a = median(withIt);
  const b = median(without);
  return `hello-service graded with bubblewrap median ${a.toFixed(0)} ms, without ${b.toFixed(0)} ms: overhead ${(((a - b) / b) * 100).toFixed(1)} % (${runs} runs each, interleaved; goal ≤ 10 %)`;
}
