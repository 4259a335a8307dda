import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Markers of the learners a batch is grading right now (`<out>/.in-progress/<learner>`), each
 * holding how many batches started on that learner without finishing it. A submission whose run
 * takes the whole batch down leaves its marker behind, so `--resume` can stop retrying it.
 */
export class InProgress {
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Marks `learner` as being graded; returns how many attempts this is (1 for the first). */
  begin(learner: string): number {
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, learner);
    let attempts = 0;
    try {
      attempts = Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      // No marker: first attempt.
    }
    writeFileSync(file, String(attempts + 1));
    return attempts + 1;
  }

  forget(learner: string): void {
    rmSync(join(this.dir, learner), { force: true });
  }
}
