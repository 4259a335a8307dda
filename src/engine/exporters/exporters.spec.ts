import { describe, expect, test } from 'vitest';
import type { Results } from '../results.ts';
import { toExercism } from './exercism.ts';
import { toGithubClassroom, toGithubClassroomBase64 } from './github-classroom.ts';
import { toJunit } from './junit.ts';
import { toMarkdown } from './markdown.ts';

const results: Results = {
  version: 1,
  lab: 'hello-service',
  status: 'fail',
  score: 2,
  maxScore: 4,
  durationMs: 1234,
  checks: [
    { id: 'health', title: 'GET /health 返回 200', status: 'pass', points: 2, earned: 2, message: 'ok', durationMs: 12, hidden: false, traffic: [] },
    { id: 'json', title: 'Bad <JSON> & "quotes"', status: 'fail', points: 1, earned: 0, message: 'expected 400, got 200 <html> & "x"', durationMs: 30, hidden: false, logs: 'line 1\nline ```2```', traffic: [] },
    { id: 'secret', title: 'Hidden one', status: 'error', points: 1, earned: 0, message: 'the service crashed', durationMs: 5, hidden: true, traffic: [] },
  ],
};

describe('exporters', () => {
  test('GitHub Classroom: base64 of UTF-8 JSON with the documented fields', () => {
    const decoded = JSON.parse(Buffer.from(toGithubClassroomBase64(results), 'base64').toString('utf8'));
    expect(decoded).toEqual(toGithubClassroom(results));
    expect(decoded).toMatchObject({ version: 1, status: 'fail', max_score: 4 });
    expect(decoded.tests[0]).toEqual({ name: 'GET /health 返回 200', status: 'pass', score: 2, message: '', duration: 12 });
    expect(decoded.tests[2].name).toBe('Hidden one (hidden)');
  });

  test('Exercism results.json version 3, hidden checks without code', () => {
    const out = toExercism(results);
    expect(out.version).toBe(3);
    expect(out.status).toBe('fail');
    expect(out.tests[1]).toMatchObject({ name: 'Bad <JSON> & "quotes"', status: 'fail', message: 'expected 400, got 200 <html> & "x"' });
    expect(out.tests[2]!.test_code).toBe('(hidden check)');
    expect(toExercism({ ...results, status: 'error', error: 'does not compile', checks: [] })).toMatchObject({ status: 'error', message: 'does not compile' });
  });

  test('JUnit XML escapes text and counts failures and errors', () => {
    const xml = toJunit(results, 'ada');
    expect(xml).toContain('<testsuite name="hello-service.ada" tests="3" failures="1" errors="1" time="1.234">');
    expect(xml).toContain('name="Bad &lt;JSON&gt; &amp; &quot;quotes&quot;"');
    expect(xml).toContain('<failure message="expected 400, got 200 &lt;html&gt; &amp; &quot;x&quot;">');
    expect(xml).toContain('<error message="the service crashed">');
  });

  test('Markdown feedback: score, hidden checks with their message only, logs fenced safely', () => {
    const md = toMarkdown(results, { learner: 'ada', title: 'Your first service' });
    expect(md).toContain('# Your first service — ada');
    expect(md).toContain('**Score: 2/4**');
    expect(md).toContain('| ⚠️ | Hidden one _(hidden check)_ | 0/1 |');
    expect(md).toContain('### Hidden one (hidden check)\n\nthe service crashed');
    expect(md).toContain('````text\nline 1\nline ```2```\n````');
  });

  test('a hidden check shows its message only: no service output, no request body, no traffic (issue 8, item 5)', () => {
    const secret = 'POST /secret-route {"card":"4111"}';
    const withSecrets: Results = {
      ...results,
      checks: [
        results.checks[0]!,
        {
          id: 'hidden-fail',
          title: 'Hidden two',
          status: 'fail',
          points: 1,
          earned: 0,
          message: 'expected 201, got 500.',
          durationMs: 9,
          hidden: true,
          logs: `--- catalog ---\n${secret}`,
          traffic: [{ from: 'grader', to: 'catalog', method: 'POST', path: '/secret-route', status: 500, startMs: 0, durationMs: 3 }],
        },
        // A public check failing the same way keeps its own output.
        { ...results.checks[1]!, message: 'expected 201, got 500.', logs: 'public output line' },
      ],
    };
    const outputs = [
      toMarkdown(withSecrets, { learner: 'ada' }),
      toJunit(withSecrets, 'ada'),
      JSON.stringify(toExercism(withSecrets)),
      JSON.stringify(toGithubClassroom(withSecrets)),
      Buffer.from(toGithubClassroomBase64(withSecrets), 'base64').toString('utf8'),
    ];
    for (const out of outputs) {
      expect(out).not.toContain('secret-route');
      expect(out).not.toContain('4111');
    }
    expect(outputs[0]).toContain('expected 201, got 500.');
    expect(outputs[0]).toContain('public output line');
    expect(outputs[1]).toContain('public output line');
  });
});
