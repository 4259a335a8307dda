/**
 * The Node flags of a learner's (or a provided) service process: the layers of the sandbox that
 * live inside Node. Each flag is given only where this Node knows it (`process.allowedNodeEnvironmentFlags`),
 * and none in WebContainer (`process.versions.webcontainer` is set there), whose `node` may refuse
 * V8 and permission flags (issue 9).
 */
export interface FlagOptions {
  sandbox: boolean;
  /** The V8 heap cap, in MiB. */
  heapMb: number;
  /** The only folder the service may read (its own compiled files). */
  readDir: string;
  /** The only folder it may write, and read back (its tmp folder: a store that survives a restart). */
  writeDir: string;
}

export function serviceNodeFlags(
  options: FlagOptions,
  versions: Record<string, string | undefined> = process.versions,
  knownFlags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): string[] {
  if (versions.webcontainer) return [];
  const known = (flag: string) => knownFlags.has(flag);
  const flags = [`--max-old-space-size=${options.heapMb}`];
  // A service that receives SIGUSR1 would open an inspector anyone on loopback can drive.
  if (known('--disable-sigusr1')) flags.push('--disable-sigusr1');
  if (options.sandbox) {
    // node:sqlite opens files outside the permission model's checks (issue 8).
    if (known('--no-experimental-sqlite')) flags.push('--no-experimental-sqlite');
    if (known('--permission')) flags.push('--permission', `--allow-fs-read=${options.readDir}`, `--allow-fs-read=${options.writeDir}`, `--allow-fs-write=${options.writeDir}`);
  }
  return flags;
}
