import { expect } from 'vitest';
import { describeLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Variants = {
  // Public checks.
  // An anti-flapping idea gone wrong: an instance is listed only from its second heartbeat on.
  'registration-appears': {
    file: 'registry.ts',
    replacements: [
      ['instances.set(id, { id, url: instanceUrl, lastSeen: Date.now() });', 'instances.set(id, { id, url: instanceUrl, lastSeen: Date.now(), beats: ((instances.get(id) as any)?.beats ?? 0) + 1 } as Entry);'],
      ['[...instances.values()].sort(', '[...instances.values()].filter((e: any) => e.beats >= 2).sort('],
    ],
  },
  // Entries live 100 times longer than TTL_MS.
  'ttl-expiry': { file: 'registry.ts', replacements: [['if (now - entry.lastSeen > TTL_MS) {', 'if (now - entry.lastSeen > TTL_MS * 100) {']] },
  // No balancing: the first instance gets everything.
  'even-spread': { file: 'client.ts', replacements: [['return list[next++ % list.length]!;', 'return list[0]!;']] },
  // The client asks the registry once and keeps the list forever.
  'killed-instance-skipped': { file: 'client.ts', replacements: [['if (cache && Date.now() - cache.at < REFRESH_MS)', 'if (cache)']] },
  // The chapter's sketch: the body is trusted, a bad one throws (and crashes the registry) or stores a bad url.
  'malformed-heartbeat': {
    file: 'registry.ts',
    replacements: [
      [
        "const instanceUrl = urlIn(await readBody(req));\n    if (!instanceUrl) return sendJson(res, 400, { error: 'expected {\"url\": \"http://host:port\"}' });",
        'const instanceUrl = JSON.parse(await readBody(req)).url;',
      ],
    ],
  },
  // Hidden checks.
  // The client refreshes its list only when a call fails, then retries on another instance: a killed
  // instance refuses at once and goes unnoticed, a frozen one costs a whole time limit.
  'paused-instance-evicted': {
    file: 'client.ts',
    replacements: [
      ['if (cache && Date.now() - cache.at < REFRESH_MS)', 'if (cache)'],
      [
        "    } catch (error) {\n      return sendJson(res, 502,",
        "    } catch (error) {\n      cache = undefined;\n      const retry = pick(await instances());\n      try {\n        const again = await fetch(`${retry.url}/echo${url.search}`, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });\n        res.writeHead(again.status, { 'content-type': 'application/json' });\n        return res.end(await again.text());\n      } catch {}\n      return sendJson(res, 502,",
      ],
    ],
  },
  // A goodbye removes every instance of the service.
  'deregister-removes': { file: 'registry.ts', replacements: [['services.get(service)?.delete(id);', 'services.delete(service);']] },
  // Entries expire after half the TTL.
  'ttl-not-too-short': { file: 'registry.ts', replacements: [['if (now - entry.lastSeen > TTL_MS) {', 'if (now - entry.lastSeen > TTL_MS / 2) {']] },
};

describeLab('discovery-and-balancing', {
  variants,
  // About 4 s a run here, hidden checks included: 8 runs keep the test near half a minute on 2 cores
  // (the CLI soak, 20 runs, is in the branch report).
  soakRuns: 8,
  traffic(results) {
    const beats = (id: string, from: string) =>
      results.checks.find((c) => c.id === id)!.traffic.filter((e) => e.from === from && e.to === 'registry' && e.method === 'PUT');
    // The instances heartbeat through the proxy: a live one keeps beating, a killed one is silent.
    expect(beats('even-spread', 'echo-1').length).toBeGreaterThan(0);
    const killed = results.checks.find((c) => c.id === 'killed-instance-skipped')!;
    const lastBeat = Math.max(...beats('killed-instance-skipped', 'echo-3').map((e) => e.startMs), 0);
    expect(beats('killed-instance-skipped', 'echo-1').some((e) => e.startMs > lastBeat + 100), JSON.stringify(killed.traffic.slice(-5))).toBe(true);
    // The client looked its instances up in the registry.
    expect(results.checks.find((c) => c.id === 'even-spread')!.traffic.some((e) => e.from === 'client' && e.to === 'registry' && e.path === '/services/echo')).toBe(true);
    // The echo instances register their client-side proxy (advertiseTo): the balancing itself is recorded,
    // each instance answering about a third of the 24 calls.
    const calls = results.checks.find((c) => c.id === 'even-spread')!.traffic.filter((e) => e.from === 'client' && e.path.startsWith('/echo?'));
    expect(calls.length).toBe(24);
    for (const id of ['echo-1', 'echo-2', 'echo-3']) expect(calls.filter((e) => e.to === id && e.status === 200).length).toBeGreaterThanOrEqual(6);
    // After the kill, the client's calls avoid echo-3.
    const afterKill = killed.traffic.filter((e) => e.from === 'client' && e.path.startsWith('/echo?'));
    expect(afterKill.filter((e) => e.to === 'echo-3').length).toBeLessThanOrEqual(1);
  },
  starter(results) {
    // The starter registers and lists (like the chapter's registry): balancing, expiry and validation are missing.
    expect(results.checks.find((c) => c.id === 'registration-appears')?.status, 'registration-appears should pass on the starter').toBe('pass');
  },
});
