import { readFile } from 'node:fs/promises';

/** Resident memory of a process in MiB (heap and off-heap), from /proc; undefined where there is no /proc. */
export async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Polls a process's resident memory every `everyMs` and calls `onExceeded` once when it passes
 * `limitMb`. `--max-old-space-size` caps only the V8 heap: `Buffer.alloc` in a loop grows
 * resident memory without bound (issue 8). `lastMb()` is the last reading: on a busy machine a
 * process may die of its own allocations (or the kernel's OOM killer) before a reading passes.
 */
export function watchMemory(pid: number, limitMb: number, onExceeded: (mb: number) => void, everyMs = 10): { stop(): void; lastMb(): number } {
  let stopped = false;
  let busy = false;
  let last = 0;
  const timer = setInterval(async () => {
    if (busy || stopped) return;
    busy = true;
    const mb = await residentMb(pid);
    busy = false;
    if (stopped) return;
    if (mb === undefined) return stop(); // no /proc here: the heap cap is all there is
    last = mb;
    if (mb > limitMb) {
      stop();
      onExceeded(mb);
    }
  }, everyMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return { stop, lastMb: () => last };
}
