/** Keeps the last `limit` characters a process printed. */
export class LogBuffer {
  private text = '';
  private readonly limit: number;

  constructor(limit = 64 * 1024) {
    this.limit = limit;
  }

  /** Called with every chunk pushed (serve mode streams logs to the page). */
  onPush: ((chunk: string) => void) | undefined;

  push(chunk: string): void {
    this.onPush?.(chunk);
    this.text += chunk;
    if (this.text.length > this.limit) this.text = this.text.slice(this.text.length - this.limit);
  }

  all(): string {
    return this.text;
  }

  /** The last `lines` lines, without a trailing empty line. */
  tail(lines = 20): string {
    const all = this.text.replace(/\n+$/, '').split('\n');
    return all.slice(-lines).join('\n');
  }
}
