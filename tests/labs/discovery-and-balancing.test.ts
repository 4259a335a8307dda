import { expect } from 'vitest';
import { describeLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Variants = {
  // Public checks.
  // The registry lists "address" instead of "url".
  'registration-appears': {
    file: 'registry.ts',
    replacements: [['instances: live(service).map(({ id, url }) => ({ id, url }))', 'instances: live(service).map(({ id, url }) => ({ id, address: url }))']],
  },
  // Entries live 100 times longer than TTL_MS.
  'ttl-expiry': { file: 'registry.ts', replacements: [['if (now - instance.lastSeen > TTL_MS) {', 'if (now - instance.lastSeen > TTL_MS * 100) {']] },
  // No balancing: the first instance gets everything.
  'even-spread': { file: 'client.ts', replacements: [['return list[next++ % list.length]!;', 'return list[0]!;']] },
  // The client asks the registry once and keeps the list forever.
  'killed-instance-skipped': { file: 'client.ts', replacements: [['if (cache && Date.now() - cache.at < REFRESH_MS)', 'if (cache)']] },
  // The heartbeat body is parsed without a guard: a bad one crashes the registry.
  'malformed-heartbeat': {
    file: 'registry.ts',
    replacements: [
      [
        "const body = await readObject(req);\n    if (!body || !isName(body.service) || !isName(body.id)) {\n      return sendJson(res, 400, { error: 'expected {\"service\": name, \"id\": name}' });\n    }",
        'const body = JSON.parse(await readBody(req));',
      ],
    ],
  },
  // Hidden checks.
  // A heartbeat for a forgotten instance answers 200: a frozen instance that wakes never registers again.
  'paused-instance-evicted': {
    file: 'registry.ts',
    replacements: [['if (!instance) return sendJson(res, 404,', 'if (!instance) return sendJson(res, 200,']],
  },
  // A late heartbeat revives an expired entry nobody has listed yet.
  'unknown-heartbeat-404': {
    file: 'registry.ts',
    replacements: [['const instance = live(body.service).find((i) => i.id === body.id);', 'const instance = services.get(body.service)?.get(body.id);']],
  },
  // Entries expire after half the TTL.
  'ttl-not-too-short': { file: 'registry.ts', replacements: [['if (now - instance.lastSeen > TTL_MS) {', 'if (now - instance.lastSeen > TTL_MS / 2) {']] },
};

describeLab('discovery-and-balancing', {
  variants,
  starter(results) {
    // The starter registers and lists: discovery works, balancing and expiry are missing.
    expect(results.checks.find((c) => c.id === 'registration-appears')?.status, 'registration-appears should pass on the starter').toBe('pass');
  },
});
