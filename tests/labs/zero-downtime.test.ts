import { describe, expect, test } from 'vitest';
import { CONTRACT } from '../../labs/zero-downtime/check-helpers.ts';
import { soak } from '../../src/cli/soak.ts';
import { describeLab, loadLab, type Variants } from './lab-harness.ts';

/** For each check, a broken copy of the solution on which that check must fail. */
const variants: Variants = {
  // Public checks.
  // api-2 never says it is ready: the load balancer sends everything to api-1.
  'serves-through-lb': [["return draining ? sendJson(res, 503, { status: 'draining', instance })", "return draining || instance === 'api-2' ? sendJson(res, 503, { status: 'draining', instance })"]],
  // The price as a string: the storefront expects an integer.
  'contract-holds': [['sendJson(res, 200, { id, ...item });', 'sendJson(res, 200, { id, name: item.name, price: String(item.price) });']],
  // /ready keeps answering 200 while the instance drains.
  'sigterm-not-ready': [["return draining ? sendJson(res, 503, { status: 'draining', instance })", "return draining ? sendJson(res, 200, { status: 'draining', instance })"]],
  // Exits as soon as it stops listening: the request in flight is cut.
  'sigterm-drains': [['    server.closeIdleConnections();\n', '    server.closeIdleConnections();\n    process.exit(0);\n']],
  // No drain delay: the load balancer still sends requests when the instance stops listening.
  'rolling-restart': [['  }, DRAIN_DELAY_MS);', '  }, 0);']],
  // No limit at all.
  'load-shedding': [['if (inFlight >= MAX_IN_FLIGHT) {', 'if (inFlight >= MAX_IN_FLIGHT * 10) {']],
  // Hidden checks.
  // The shed request waits before it is refused.
  'shed-fast': [['if (inFlight >= MAX_IN_FLIGHT) {', 'if (inFlight >= MAX_IN_FLIGHT) {\n    await sleep(800);']],
  // The slot is freed on 'finish' only: a response whose client went away never finishes.
  'slot-released': [
    ["res.once('close', release);", "res.once('finish', release);"],
    ['  } finally {\n    release();\n  }', '  }'],
  ],
};

describeLab('zero-downtime', {
  file: 'api.ts',
  variants,
  starter(results) {
    // The starter serves its routes and keeps the contract; shutdown and shedding are to be built.
    const passed = results.checks.filter((c) => c.status === 'pass').map((c) => c.id);
    expect(passed.sort()).toEqual(['contract-holds', 'serves-through-lb', 'slot-released']);
  },
});

describe('zero-downtime contract.json', () => {
  test('the copy in the learner files is the one the checks verify', () => {
    const lab = loadLab('zero-downtime');
    for (const files of [lab.starter, lab.solution]) {
      const { description: _, ...contract } = JSON.parse(files['contract.json']!);
      expect(contract).toEqual(CONTRACT);
    }
  });
});

describe('zero-downtime soak', () => {
  test('the solution passes every check, hidden included, in 3 runs with fixed seeds', async () => {
    const lab = loadLab('zero-downtime');
    const report = await soak(lab, lab.solution, { runs: 3, seed: 1300, hidden: true });
    expect(report.checks.filter((c) => c.passed < c.runs).map((c) => `${c.id}: ${c.failures[0]?.message}`)).toEqual([]);
  }, 180_000);
});
