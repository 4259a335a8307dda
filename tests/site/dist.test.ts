import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { listLabIds, loadLab } from '../../src/hosts/node/lab-repo.ts';
import { DIST, startSite } from '../browser/harness.ts';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

/** The ids and English titles a checks file declares (not its messages: public and hidden checks may share those). */
function markers(source: string): string[] {
  const ids = [...source.matchAll(/\bid:\s*'([^']+)'/g)].map((m) => m[1]!);
  const titles = [...source.matchAll(/\btitle:\s*\{\s*en:\s*'([^']{12,})'/g)].map((m) => m[1]!);
  return [...ids.map((id) => `'${id}'`), ...ids.map((id) => `"${id}"`), ...titles];
}

describe('the built site', () => {
  let text = '';
  beforeAll(async () => {
    const site = await startSite(); // builds dist/ when the sources changed
    await site.stop();
    text = allFiles(DIST)
      .filter((f) => /\.(html|js|json|txt|xml)$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }, 300_000);

  test('holds every lab\'s public checks (so the search below can find things)', () => {
    for (const id of listLabIds()) {
      const lab = loadLab(id);
      const found = markers(lab.checks).filter((m) => text.includes(m));
      expect(found.length, `public checks of ${id} not found in dist/`).toBeGreaterThan(0);
    }
  });

  test('embeds no lab token (only the running local server adds one to the pages it serves)', () => {
    expect(text).not.toMatch(/<meta name="lab-token" content=/);
  });

  test('holds none of the hidden checks', () => {
    for (const id of listLabIds()) {
      const lab = loadLab(id);
      if (!lab.hiddenChecks) continue;
      expect(markers(lab.hiddenChecks).length, `no ids or titles found in ${id}/hidden/checks.ts`).toBeGreaterThan(1);
      const leaked = markers(lab.hiddenChecks).filter((m) => text.includes(m));
      expect(leaked, `hidden checks of ${id} leaked into dist/`).toEqual([]);
    }
  });
});
