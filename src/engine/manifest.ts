import { z } from 'zod';
import { OUTSIDE_CALLERS } from './checks.ts';

const localized = z.union([
  z.string().min(1),
  z.object({ en: z.string().min(1), 'zh-cn': z.string().min(1).optional() }).strict(),
]);

const serviceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'a service name is lower-case letters, digits and dashes, starting with a letter');

const relativeFile = z
  .string()
  .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+\.(ts|js|mjs|json)$/, 'a relative path to a .ts, .js, .mjs or .json file, without ".."');

export const serviceSchema = z
  .object({
    /** Name used in URLs and in the peers' environment: `<NAME>_URL`. */
    name: serviceName,
    /** Entry file, relative to the learner's files (or to `provided/` when `provided` is true). */
    entry: relativeFile,
    /** Extra environment variables for this service. */
    env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'environment names are UPPER_CASE'), z.string()).default({}),
    /** True when the lab ships this service (in `provided/`) and the learner does not edit it. */
    provided: z.boolean().default(false),
    /**
     * A peer that finds this service through a registry rather than through `<NAME>_URL`. The
     * grader then sets `ADVERTISED_URL` to the address at which that peer reaches this service
     * through the grader's proxy, and the service registers that address: the peer's calls are
     * recorded in the traffic and can be faulted like any other (a sidecar's address, in a mesh).
     */
    advertiseTo: serviceName.optional(),
  })
  .strict();

export const limitsSchema = z
  .object({
    /** How long a service may take to listen on its port. */
    startupMs: z.number().int().positive().max(60_000).default(5_000),
    /** Default time limit of one check. */
    checkMs: z.number().int().positive().max(120_000).default(5_000),
    /** Time limit of a whole grading run. */
    totalMs: z.number().int().positive().max(600_000).default(60_000),
    /** Heap cap of each service process, in MiB. */
    heapMb: z.number().int().min(16).max(4096).default(96),
    /** Resident memory of each service (heap and off-heap), in MiB: past it the service is killed. */
    memoryMb: z.number().int().min(32).max(8192).default(256),
    /** Size of each service's writable tmp folder (a tmpfs in the OS sandbox), in MiB. */
    tmpMb: z.number().int().min(1).max(1024).default(16),
  })
  .strict()
  .refine((l) => l.memoryMb > l.heapMb, { message: 'memoryMb must be larger than heapMb (a Node process needs memory beyond its heap)', path: ['memoryMb'] });

export const manifestSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lab id is lower-case letters, digits and dashes'),
    title: localized,
    summary: localized.optional(),
    /** The chapter the lab belongs to (its slug, without locale). */
    chapter: z.string().optional(),
    services: z.array(serviceSchema).min(1, 'a lab needs at least one service'),
    limits: limitsSchema.default(limitsSchema.parse({})),
    /** Graded hints, gentlest first: the page shows one at a time. */
    hints: z.array(localized).max(6).default([]),
    /**
     * Small pure-JS npm packages the checks import (through check-helpers.ts), e.g. a parser.
     * The host reads them from the project's node_modules and lays them out under
     * `checks/node_modules/`, so the checks still need nothing installed where they run.
     */
    checkDependencies: z
      .array(z.string().regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'an npm package name'))
      .max(4)
      .default([]),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    lab.services.forEach((service, i) => {
      if (seen.has(service.name)) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'name'], message: `duplicate service name "${service.name}"` });
      }
      if (service.advertiseTo !== undefined && (service.advertiseTo === service.name || !lab.services.some((s) => s.name === service.advertiseTo))) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'advertiseTo'], message: `"${service.advertiseTo}" is not another service of this lab` });
      }
      if (OUTSIDE_CALLERS.includes(service.name)) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'name'], message: `"${service.name}" is reserved: the traffic record calls the callers from outside the lab ${OUTSIDE_CALLERS.map((n) => `"${n}"`).join(' and ')}` });
      }
      seen.add(service.name);
    });
  });

export type LabManifest = z.infer<typeof manifestSchema>;
export type ServiceSpec = z.infer<typeof serviceSchema>;
export type Limits = z.infer<typeof limitsSchema>;

/** A manifest problem, naming the lab folder, the file and the field. */
export class ManifestError extends Error {
  readonly labDir: string;
  readonly file: string;
  readonly problems: { field: string; message: string }[];
  constructor(labDir: string, file: string, problems: { field: string; message: string }[]) {
    super(
      `Invalid lab manifest ${labDir}/${file}:\n` +
        problems.map((p) => `  - ${p.field || '(top level)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ManifestError';
    this.labDir = labDir;
    this.file = file;
    this.problems = problems;
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/**
 * Validates a parsed manifest. `labDir` and `file` only serve the error message.
 * Throws a ManifestError listing every problem with its field.
 */
export function parseManifest(raw: unknown, labDir: string, file = 'lab.json'): LabManifest {
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    throw new ManifestError(
      labDir,
      file,
      result.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message })),
    );
  }
  const folderName = labDir.split(/[\\/]/).filter(Boolean).pop();
  if (folderName && folderName !== result.data.id) {
    throw new ManifestError(labDir, file, [
      { field: 'id', message: `the id "${result.data.id}" must match the lab's folder name "${folderName}"` },
    ]);
  }
  return result.data;
}

/** Parses manifest JSON text, reporting JSON syntax errors the same way. */
export function parseManifestText(text: string, labDir: string, file = 'lab.json'): LabManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(labDir, file, [{ field: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseManifest(raw, labDir, file);
}

/** The environment variable through which a service reaches a peer: `inventory` → `INVENTORY_URL`. */
export function peerEnvName(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_URL`;
}
