/**
 * Shared set-up for the WebContainer host's tests: the host on the strict test double
 * (tests/doubles/node-container.ts), a lab's bundle as the page gets it, and broken variants.
 */
import { graderFiles } from '../../src/hosts/node/grader-files.ts';
import { loadLab, type Lab } from '../../src/hosts/node/lab-repo.ts';
import type { RunEvent } from '../../src/hosts/runtime.ts';
import { WebContainerRuntime, type HostTimes, type LabBundle } from '../../src/hosts/webcontainer/host.ts';
import type { FileTree } from '../../src/engine/run-tree.ts';
import { NodeContainer } from '../doubles/node-container.ts';

export const unavailable = NodeContainer.unavailable();
if (unavailable) console.warn(`[webcontainer tests] skipped: ${unavailable}`);

export function bundleOf(lab: Lab, over: { grader?: FileTree; limits?: Partial<Lab['manifest']['limits']> } = {}): LabBundle {
  return {
    manifest: { ...lab.manifest, limits: { ...lab.manifest.limits, ...over.limits } },
    provided: lab.provided,
    checks: lab.checks,
    checkHelpers: lab.checkHelpers,
    checkDependencies: lab.checkDependencies,
    grader: { ...graderFiles(), ...over.grader },
  };
}

/** A runtime on the double; `containers` lists every container it booted (a restart boots a new one). */
export function doubleRuntime(bundle: (id: string) => LabBundle, times: Partial<HostTimes> = {}) {
  const containers: NodeContainer[] = [];
  const runtime = new WebContainerRuntime(
    async () => {
      const c = await NodeContainer.boot();
      containers.push(c);
      return c;
    },
    async (id) => bundle(id),
    times,
  );
  return {
    runtime,
    containers,
    /** Every call on every container, in order. */
    calls: () => containers.flatMap((c) => c.calls),
    dispose: () => containers.forEach((c) => c.dispose()),
  };
}

/** Every learner service's entry replaced by a server whose handler never returns (while (true) {}). */
export function endlessLoop(lab: Lab): FileTree {
  const files = { ...lab.solution };
  for (const s of lab.manifest.services.filter((s) => !s.provided)) {
    files[s.entry] = `import { createServer } from 'node:http';\ncreateServer(() => {\n  while (true) {}\n}).listen(Number(process.env.PORT));\n`;
  }
  return files;
}

/** A grader whose serve mode dies before `ready`, printing why. */
export const dyingGrader: FileTree = { 'main.js': "console.log('the runner broke: no run.json here');\nprocess.exit(3);\n" };

export function waitFor(events: RunEvent[], test: (e: RunEvent) => boolean, ms = 20_000): Promise<RunEvent> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const found = events.find(test);
      if (found) return resolve(found);
      if (Date.now() - started > ms) return reject(new Error(`no such event within ${ms} ms: ${JSON.stringify(events.slice(-5))}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

export { loadLab, NodeContainer };
