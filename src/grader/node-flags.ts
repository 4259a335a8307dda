/**
 * The Node flags of a learner's (or a provided) service process: the layers of the sandbox that
 * live inside Node. Each flag is given only where this Node knows it (`process.allowedNodeEnvironmentFlags`),
 * and none in WebContainer, whose `node` may refuse V8 and permission flags (issue 9).
 */
export interface FlagOptions {
  sandbox: boolean;
  /** The only folder the service may read (its own compiled files). */
  readDir: string;
  /** The only folder it may write, and read back (its tmp folder: a store that survives a restart). */
  writeDir: string;
}

const known = (flag: string) => process.allowedNodeEnvironmentFlags.has(flag);

export function serviceNodeFlags(options: FlagOptions): string[] {
  if ((process.versions as Record<string, string | undefined>).webcontainer) return [];
  // The heap cap is v8Flags() in service-process.ts.
  const flags: string[] = [];
  // A service that receives SIGUSR1 would open an inspector anyone on loopback can drive.
  if (known('--disable-sigusr1')) flags.push('--disable-sigusr1');
  if (options.sandbox) {
    // node:sqlite opens files outside the permission model's checks (issue 8).
    if (known('--no-experimental-sqlite')) flags.push('--no-experimental-sqlite');
    if (known('--permission')) flags.push('--permission', `--allow-fs-read=${options.readDir}`, `--allow-fs-read=${options.writeDir}`, `--allow-fs-write=${options.writeDir}`);
  }
  return flags;
}
