/**
 * The folders of a run tree that services may write: one per service and lane (RunConfig.lanes),
 * kept across a service's restarts. The node host mounts a size-capped tmpfs on each (os-sandbox.ts),
 * so the grader and the host must agree on them: both use these functions.
 */
import type { RunConfig } from '../engine/run-tree.ts';

/** The tmp folder of `service` on lane `lane`, relative to the run tree's root. */
export function serviceTmpDir(service: string, lane = 0): string {
  // Service names are [a-z0-9-] (manifest.ts), so `api.1` cannot be another service's folder.
  return lane === 0 ? `tmp/${service}` : `tmp/${service}.${lane}`;
}

/** Every tmp folder a run can use. */
export function serviceTmpDirs(config: Pick<RunConfig, 'services' | 'lanes'>): string[] {
  const lanes = Math.max(1, config.lanes ?? 1);
  return config.services.flatMap((s) => Array.from({ length: lanes }, (_, lane) => serviceTmpDir(s.name, lane)));
}
