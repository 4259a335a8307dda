import { describe, expect, test } from 'vitest';
import { ManifestError, parseManifest, parseManifestText, peerEnvName } from './manifest.ts';

const good = {
  id: 'demo-lab',
  title: { en: 'Demo', 'zh-cn': '演示' },
  services: [{ name: 'api', entry: 'server.ts' }],
};

function problems(raw: unknown, dir = 'labs/demo-lab'): string {
  try {
    parseManifest(raw, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as Error).message;
  }
  throw new Error('expected a ManifestError');
}

describe('lab manifest', () => {
  test('a minimal manifest gets default limits', () => {
    const lab = parseManifest(good, 'labs/demo-lab');
    expect(lab.limits).toEqual({ startupMs: 5000, checkMs: 5000, totalMs: 60000, heapMb: 96, memoryMb: 256, tmpMb: 16 });
    expect(lab.services[0]).toEqual({ name: 'api', entry: 'server.ts', env: {}, provided: false });
  });

  test('an error names the lab folder, the file and the field', () => {
    const message = problems({ ...good, services: [{ name: 'api', entry: '/etc/passwd' }] });
    expect(message).toContain('labs/demo-lab/lab.json');
    expect(message).toContain('services[0].entry');
  });

  test('every problem is listed', () => {
    const message = problems({ id: 'Bad Id', services: [] });
    expect(message).toContain('id:');
    expect(message).toContain('title:');
    expect(message).toContain('services:');
  });

  test('unknown fields are refused (typos do not pass silently)', () => {
    expect(problems({ ...good, servics: [] })).toMatch(/servics/);
  });

  test('duplicate service names are refused', () => {
    const message = problems({ ...good, services: [{ name: 'api', entry: 'a.ts' }, { name: 'api', entry: 'b.ts' }] });
    expect(message).toContain('services[1].name: duplicate service name "api"');
  });

  test('the names of the callers from outside the lab are reserved', () => {
    for (const name of ['grader', 'you']) {
      const message = problems({ ...good, services: [{ name: 'api', entry: 'a.ts' }, { name, entry: 'b.ts' }] });
      expect(message).toContain(`services[1].name: "${name}" is reserved`);
    }
    expect(() => parseManifest({ ...good, services: [{ name: 'client', entry: 'a.ts' }] }, 'labs/demo-lab')).not.toThrow();
  });

  test('advertiseTo names another service of the lab', () => {
    const two = (advertiseTo: string) => ({ ...good, services: [{ name: 'client', entry: 'a.ts' }, { name: 'echo', entry: 'b.ts', advertiseTo }] });
    expect(problems(two('nobody'))).toContain('services[1].advertiseTo: "nobody" is not another service of this lab');
    expect(problems(two('echo'))).toContain('services[1].advertiseTo: "echo" is not another service of this lab');
    expect(parseManifest(two('client'), 'labs/demo-lab').services[1]!.advertiseTo).toBe('client');
  });

  test('the id must match the folder', () => {
    expect(problems(good, 'labs/other')).toContain('must match the lab\'s folder name "other"');
  });

  test('limits are bounded', () => {
    expect(problems({ ...good, limits: { checkMs: -1 } })).toContain('limits.checkMs');
  });

  test('invalid JSON is reported with the file', () => {
    expect(() => parseManifestText('{ "id": ', 'labs/demo-lab')).toThrow(/labs\/demo-lab\/lab\.json:\n {2}- \(top level\): not valid JSON/);
  });

  test('peer environment names', () => {
    expect(peerEnvName('inventory')).toBe('INVENTORY_URL');
    expect(peerEnvName('user-profile')).toBe('USER_PROFILE_URL');
  });
});
