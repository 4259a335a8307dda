import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * The size of a memory page in KiB, for /proc/<pid>/statm (which counts pages): derived once from
 * this process's own VmRSS (in kB) and resident pages, rounded to a power of two (4 on x86-64,
 * 4, 16 or 64 on arm64). 4 where there is no /proc.
 */
const PAGE_KB = (() => {
  try {
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    const pages = Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
    return rssKb > 0 && pages > 0 ? 2 ** Math.round(Math.log2(rssKb / pages)) : 4;
  } catch {
    return 4;
  }
})();

/**
 * Polls a process's resident memory every `everyMs` and calls `onExceeded` once when it passes
 * `limitMb`. `--max-old-space-size` caps only the V8 heap: `Buffer.alloc` in a loop grows
 * resident memory without bound (issue 8). `lastMb()` is the last reading: on a busy machine a
 * process may die of its own allocations (or the kernel's OOM killer) before a reading passes.
 *
 * A reading is one pread of /proc/<pid>/statm on a descriptor kept open (about 2 µs), not an
 * open-read-close of /proc/<pid>/status through the thread pool: a lab with five services is read
 * 500 times a second, and the old way cost a tenth of a core while the lab sat idle. The
 * descriptor belongs to that process: a reused pid cannot be mistaken for it.
 */
export function watchMemory(pid: number, limitMb: number, onExceeded: (mb: number) => void, everyMs = 10): { stop(): void; lastMb(): number } {
  let last = 0;
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/statm`, 'r');
  } catch {
    return { stop: () => undefined, lastMb: () => last }; // no /proc here: the heap cap is all there is
  }
  const buffer = Buffer.alloc(128);
  const timer = setInterval(() => {
    let mb: number;
    try {
      const n = readSync(fd!, buffer, 0, buffer.length, 0);
      mb = (Number(buffer.toString('latin1', 0, n).split(' ')[1]) * PAGE_KB) / 1024;
    } catch {
      return stop(); // the process has exited (ESRCH)
    }
    if (!Number.isFinite(mb)) return stop();
    last = mb;
    if (mb > limitMb) {
      stop();
      onExceeded(mb);
    }
  }, everyMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return { stop, lastMb: () => last };
}
