import { formatPoints, scoreText, type Results } from '../results.ts';
import { learnerLogs } from './learner-view.ts';

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

/** The feedback report a learner reads: every check, its points and message. Hidden checks show their message, never their code. */
export function toMarkdown(results: Results, options: { learner?: string; title?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`# ${options.title ?? results.lab}${options.learner ? ` — ${options.learner}` : ''}`);
  lines.push('');
  lines.push(`**Score: ${scoreText(results)}** · status: ${results.status} · ${(results.durationMs / 1000).toFixed(1)} s`);
  if (results.error) {
    lines.push('');
    lines.push(`> **The submission could not be graded:** ${results.error.split('\n').join('\n> ')}`);
  }
  lines.push('');
  lines.push('| | Check | Points |');
  lines.push('|---|---|---|');
  for (const c of results.checks) {
    const mark = c.status === 'pass' ? '✅' : c.status === 'fail' ? '❌' : '⚠️';
    const title = c.title.replace(/\|/g, '\\|');
    lines.push(`| ${mark} | ${title}${c.hidden ? ' _(hidden check)_' : ''} | ${formatPoints(c.earned)}/${formatPoints(c.points)} |`);
  }
  const failed = results.checks.filter((c) => c.status !== 'pass' && !(results.error && c.message.includes(results.error)));
  // One section per distinct problem: a service that never started fails every check the same way.
  const groups: { titles: string[]; message: string; logs?: string }[] = [];
  for (const c of failed) {
    const title = `${c.title}${c.hidden ? ' (hidden check)' : ''}`;
    const same = groups.find((g) => g.message === c.message);
    if (same) {
      same.titles.push(title);
      same.logs ??= learnerLogs(c);
    } else groups.push({ titles: [title], message: c.message, logs: learnerLogs(c) });
  }
  if (groups.length > 0) {
    lines.push('');
    lines.push('## What to fix');
    for (const g of groups) {
      lines.push('');
      lines.push(`### ${g.titles[0]}`);
      if (g.titles.length > 1) {
        lines.push('');
        lines.push(`The same problem fails ${g.titles.length - 1} more check(s): ${g.titles.slice(1).join('; ')}.`);
      }
      lines.push('');
      lines.push(g.message);
      if (g.logs?.trim()) {
        lines.push('');
        lines.push('Your services printed (last lines):');
        lines.push('');
        lines.push(fence(g.logs));
      }
    }
  }
  lines.push('');
  return lines.join('\n');
}
