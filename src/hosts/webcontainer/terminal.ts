import type { ContainerProcess } from './container.ts';

/**
 * Reading a WebContainer process's terminal. Its output never closes (not even after the process
 * exits), so a reader is cancelled by its owner rather than read to the end.
 */

export interface LineReader {
  /** Stops reading and releases the stream. */
  cancel(): void;
  /** Resolves once no output has come for `quietMs`, after `maxMs` at the most (or at once after cancel). */
  quiet(quietMs: number, maxMs?: number): Promise<void>;
}

/** Calls `onLine` for every line of terminal output (`\r\n` and `\r` endings removed). */
export function readLines(stream: ReadableStream<string>, onLine: (line: string) => void): LineReader {
  const reader = stream.getReader();
  let buffer = '';
  let cancelled = false;
  let lastChunk = Date.now();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || cancelled) break;
        lastChunk = Date.now();
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r+$/, '');
          buffer = buffer.slice(nl + 1);
          onLine(line);
        }
      }
    } catch {
      // cancelled or the container went away
    }
    if (buffer && !cancelled) onLine(buffer.replace(/\r+$/, ''));
  })();
  return {
    cancel() {
      if (cancelled) return;
      cancelled = true;
      reader.cancel().catch(() => undefined);
    },
    async quiet(quietMs: number, maxMs = 10 * quietMs) {
      const until = Date.now() + maxMs;
      while (!cancelled && Date.now() - lastChunk < quietMs && Date.now() < until) await sleep(Math.max(10, quietMs - (Date.now() - lastChunk)));
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One JSON line of ASCII for the grader's stdin (every character from U+007F up escaped, as the grader does). */
export function asciiLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

/** Resolves with the exit code, or undefined when `ms` passed first. */
export async function exitWithin(process: ContainerProcess, ms: number): Promise<number | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([process.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
