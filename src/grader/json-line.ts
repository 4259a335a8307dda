/**
 * One JSON message as one line of ASCII: every character from U+007F up is written as a `\uXXXX`
 * escape (JSON.parse reads it back unchanged). WebContainer hands a process's output to the page
 * in chunks, each decoded from UTF-8 on its own (`binaryListener` in @webcontainer/api 1.6.4's
 * dist/index.js calls `decoder.decode(data)` without `stream: true`), so a Chinese character
 * split across two chunks would arrive as U+FFFD; ASCII bytes cannot be split.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}
