import type { Results } from '../results.ts';
import { learnerLogs } from './learner-view.ts';

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** JUnit XML, one testcase per check, for CI systems and LMS plug-ins that read it. */
export function toJunit(results: Results, learner?: string): string {
  const failures = results.checks.filter((c) => c.status === 'fail').length;
  const errors = results.checks.filter((c) => c.status === 'error').length + (results.checks.length === 0 && results.status === 'error' ? 1 : 0);
  const suite = learner ? `${results.lab}.${learner}` : results.lab;
  const cases = results.checks.map((c) => {
    const name = xml(c.hidden ? `${c.title} (hidden)` : c.title);
    const open = `    <testcase classname="${xml(suite)}" name="${name}" time="${seconds(c.durationMs)}">`;
    if (c.status === 'pass') return `${open}</testcase>`;
    const tag = c.status === 'fail' ? 'failure' : 'error';
    const logs = learnerLogs(c);
    const output = logs ? `\n      <system-out>${xml(logs)}</system-out>` : '';
    return `${open}\n      <${tag} message="${xml(c.message)}">${xml(c.message)}</${tag}>${output}\n    </testcase>`;
  });
  if (results.checks.length === 0 && results.status === 'error') {
    cases.push(`    <testcase classname="${xml(suite)}" name="grading" time="0"><error message="${xml(results.error ?? '')}"/></testcase>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(results.lab)}" tests="${Math.max(1, results.checks.length)}" failures="${failures}" errors="${errors}" time="${seconds(results.durationMs)}">`,
    `  <testsuite name="${xml(suite)}" tests="${Math.max(1, results.checks.length)}" failures="${failures}" errors="${errors}" time="${seconds(results.durationMs)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
