import { styleText } from 'node:util';
import { formatPoints, scoreText, type Results } from '../engine/results.ts';

type Style = Parameters<typeof styleText>[0];

export function painter(enabled: boolean) {
  return (style: Style, text: string) => (enabled ? styleText(style, text, { validateStream: false }) : text);
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** The readable report of one results document: ✓/✗ per check, points, messages and the total. */
export function formatResults(results: Results, options: { color: boolean; title?: string; logs?: boolean }): string {
  const paint = painter(options.color);
  const lines: string[] = [];
  lines.push(paint('bold', `${results.lab}${options.title ? ` — ${options.title}` : ''}`));
  if (results.error) lines.push(paint('red', `  ${results.error.split('\n').join('\n  ')}`));
  const width = Math.min(70, Math.max(20, ...results.checks.map((c) => c.title.length)));
  let shownLogs = false;
  let lastMessage = '';
  for (const check of results.checks) {
    const mark = check.status === 'pass' ? paint('green', '✓') : check.status === 'fail' ? paint('red', '✗') : paint('yellow', '!');
    const points = `${formatPoints(check.earned)}/${formatPoints(check.points)}`;
    const title = check.title.length > width ? `${check.title.slice(0, width - 1)}…` : check.title.padEnd(width);
    lines.push(`  ${mark} ${title} ${points.padStart(5)}${check.hidden ? paint('dim', '  (hidden)') : ''}`);
    if (check.status !== 'pass' && !(results.error && check.message.includes(results.error))) {
      if (check.message === lastMessage) {
        lines.push(paint('dim', '      (same problem as above)'));
        continue;
      }
      lastMessage = check.message;
      lines.push(paint('yellow', indent(check.message, '      ')));
      // A hidden check's service output would replay its requests: learners see its message only.
      if (check.logs && !check.hidden && options.logs !== false && !shownLogs && check.logs.trim()) {
        shownLogs = true;
        lines.push(paint('dim', indent(`service output (last lines):\n${check.logs}`, '      │ ')));
      }
    }
  }
  const passed = results.checks.filter((c) => c.status === 'pass').length;
  const total = `Score ${scoreText(results)}`;
  const seed = results.seed === undefined ? '' : ` (seed ${results.seed})`;
  const detail = `${passed} of ${results.checks.length} checks passed in ${(results.durationMs / 1000).toFixed(1)} s${seed}`;
  lines.push('');
  lines.push(`  ${paint(results.status === 'pass' ? 'green' : 'red', paint('bold', total))}  ${paint('dim', detail)}`);
  return lines.join('\n');
}
