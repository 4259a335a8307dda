/**
 * The samples checker can fail: each rule gets a broken sample on which it reports the file, the
 * block and the line, and a good sample on which it stays quiet.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import { extractBlocks, parseRun } from './extract.ts';
import { SampleTree, checkDockerfile, checkPython, checkShownAsWritten, checkYaml, metaProblems, runSample } from './samples.ts';

const fence = '```';
const mdx = (body: string) => `---\ntitle: t\n---\n\nSome text.\n\n${body}\n`;
const tree = new SampleTree(PROJECT_ROOT);
afterAll(() => tree.remove());

describe('meta', () => {
  it('reads check, prelude, run and title with the parser Expressive Code uses', () => {
    const [block] = extractBlocks('x.mdx', mdx(`${fence}ts title="a/b.ts" run='PUT /s/a {"q":3} 200; GET /s/a?x=1 404'\nexport {};\n${fence}`));
    expect(block!.options).toMatchObject({ title: 'a/b.ts', check: 'module' });
    expect(parseRun(block!.options.run!)).toEqual([
      { method: 'PUT', path: '/s/a', body: '{"q":3}', status: 200 },
      { method: 'GET', path: '/s/a?x=1', status: 404 },
    ]);
  });

  it('reports a fragment without prelude, an unknown prelude, check="none" without reason, a server without run', () => {
    const blocks = extractBlocks(
      'ch.mdx',
      mdx(
        [
          `${fence}ts check="fragment"\nx;\n${fence}`,
          `${fence}ts check="fragment" prelude="nope"\nx;\n${fence}`,
          `${fence}ts check="none"\nx;\n${fence}`,
          `${fence}ts\nimport { createServer } from 'node:http';\ncreateServer().listen(1);\n${fence}`,
          `${fence}ts check="maybe"\nx;\n${fence}`,
        ].join('\n\n'),
      ),
    );
    const problems = metaProblems(blocks).join('\n');
    expect(problems).toContain('ch.mdx, block 1 (fence at line 7): check="fragment" needs prelude=');
    expect(problems).toContain('ch.mdx, block 2 (fence at line 11): prelude="nope" is not in tests/content/preludes.ts');
    expect(problems).toContain('ch.mdx, block 3 (fence at line 15): check="none" needs reason=');
    expect(problems).toContain('ch.mdx, block 4 (fence at line 19): this block starts a server');
    expect(problems).toContain('ch.mdx, block 5 (fence at line 24): check="maybe" is not one of');
  });

  it('notices a block whose comment Expressive Code would take for its title (and drop)', async () => {
    const text = `${fence}sh\ncurl -i http://x/\n# HTTP/1.1 200 OK\n# content-type: application/json\n${fence}`;
    expect((await checkShownAsWritten(extractBlocks('ch.mdx', mdx(text)))).join('\n')).toMatch(/ch\.mdx, block 1 .*drop 1 line\(s\) and show "application\/json"/);
    expect(await checkShownAsWritten(extractBlocks('ch.mdx', mdx(text.replace(`${fence}sh`, `${fence}sh title="Terminal"`))))).toEqual([]);
  });

  it('finds indented blocks inside components and strips the indentation', () => {
    const [block] = extractBlocks('ch.mdx', mdx(`<TabItem>\n  ${fence}ts\n  const a = 1;\n    const b = 2;\n  ${fence}\n</TabItem>`));
    expect(block!.code).toBe('const a = 1;\n  const b = 2;\n');
  });
});

describe('type check and run', async () => {
  const blocks = extractBlocks(
    'content/docs/zz-test.mdx',
    mdx(
      [
        `${fence}ts\nconst n: number = 'not a number';\n${fence}`,
        `${fence}ts check="fragment" prelude="raw-body"\nconst parsed: number = JSON.parse(rawBody).length;\nconst wrong: string = parsed;\n${fence}`,
        `${fence}ts title="ok/server.ts" run="GET /health 200"\nimport { createServer } from 'node:http';\ncreateServer((req, res) => { res.writeHead(req.url === '/health' ? 200 : 404); res.end(); }).listen(Number(process.env.PORT));\n${fence}`,
        `${fence}ts title="bad/status.ts" run="GET /health 200"\nimport { createServer } from 'node:http';\ncreateServer((req, res) => { res.writeHead(500); res.end('boom'); }).listen(Number(process.env.PORT));\n${fence}`,
        `${fence}ts title="bad/port.ts" run="GET /health 200"\nimport { createServer } from 'node:http';\ncreateServer((req, res) => res.end()).listen(0);\nsetTimeout(() => process.exit(3), 300);\n${fence}`,
        `${fence}ts title="bad/crash.ts" run="POST /x {} 200; GET /health 200"\nimport { createServer } from 'node:http';\ncreateServer((req, res) => { if (req.method === 'POST') throw new Error('handler threw'); res.end(); }).listen(Number(process.env.PORT));\n${fence}`,
      ].join('\n\n'),
    ),
  );
  const placed = blocks.map((b) => tree.add(b));
  const problems = await tree.typecheck();

  it('a type error in a module names the chapter line', () => {
    expect(problems.get('content/docs/zz-test.mdx')!.join('\n')).toContain('content/docs/zz-test.mdx, block 1, line 8: TS2322');
  });
  it('a fragment gets its prelude, and its own lines keep their numbers', () => {
    const text = problems.get('content/docs/zz-test.mdx')!.join('\n');
    expect(text).toContain('block 2, line 13: TS2322');
    expect(text).not.toContain('rawBody');
  });
  it('a good server passes', async () => {
    expect(await runSample(tree, placed[2]!)).toEqual([]);
  }, 60_000);
  it('a wrong status fails with the body', async () => {
    expect((await runSample(tree, placed[3]!)).join('\n')).toMatch(/block 4 .*GET \/health answered 500, expected 200; body: boom/);
  }, 60_000);
  it('a server that ignores PORT fails', async () => {
    expect((await runSample(tree, placed[4]!, 5_000)).join('\n')).toMatch(/block 5 .*(exited with code 3 before listening|did not listen) on PORT=/);
  }, 60_000);
  it('a server that crashes on a request fails', async () => {
    expect((await runSample(tree, placed[5]!)).join('\n')).toMatch(/block 6 .*POST \/x \{\} (failed|answered)[\s\S]*handler threw/);
  }, 60_000);
});

describe('Dockerfile', () => {
  const docker = (text: string) => extractBlocks('ch13.mdx', mdx(`${fence}dockerfile\n${text}\n${fence}`))[0]!;
  it('passes a good one (shell-form RUN may carry a shell comment)', () => {
    expect(checkDockerfile(docker('# a comment\nFROM node:24-slim\nWORKDIR /app\nRUN npm ci # the shell drops this\nUSER node\nCMD ["node", "src/server.ts"]'))).toEqual([]);
  });
  it('catches a comment after USER and after an exec-form CMD (issue 14)', () => {
    const text = checkDockerfile(docker('FROM node:24-slim\nUSER node  # not root\nCMD ["node", "src/server.ts"]  # strip types')).join('\n');
    expect(text).toContain('ch13.mdx, block 1, line 9: USER node  # not root: Docker has no comment after an instruction');
    expect(text).toContain('ch13.mdx, block 1, line 10: CMD ["node", "src/server.ts"]  # strip types: not a JSON array of strings');
  });
  it('catches what the Dockerfile validator knows: an unknown instruction, a missing argument', () => {
    const text = checkDockerfile(docker('FROM node:24-slim\nCOPIE a b\nWORKDIR')).join('\n');
    expect(text).toMatch(/line 9: .*COPIE|line 9: .*instruction/i);
    expect(text).toMatch(/line 10: /);
  });
});

describe('Python', () => {
  it('passes good code and names the line of a syntax error', (ctx) => {
    const blocks = extractBlocks('ch05.mdx', mdx(`${fence}python\nimport os\nprint(os.sep)\n${fence}\n\n${fence}python\ndef f(:\n    pass\n${fence}`));
    const problems = checkPython(blocks);
    if (problems === undefined) return ctx.skip('python3 is not on the PATH');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ch05\.mdx, block 2, line 13: SyntaxError: /);
  });
});

describe('YAML', () => {
  const yaml = (text: string) => extractBlocks('ch13.mdx', mdx(`${fence}yaml\n${text}\n${fence}`))[0]!;
  it('passes a good one', () => {
    expect(checkYaml(yaml('apiVersion: v1\nkind: Service\nmetadata: { name: orders }\n---\nkind: ConfigMap'))).toEqual([]);
  });
  it('catches bad indentation and duplicate keys with their line', () => {
    expect(checkYaml(yaml('spec:\n  replicas: 3\n   template: x')).join('\n')).toMatch(/ch13\.mdx, block 1, line \d+: /);
    expect(checkYaml(yaml('a: 1\nb: 2\na: 3')).join('\n')).toMatch(/line 10: DUPLICATE_KEY/);
  });
});
