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

/**
 * Node 22+ answers `import … from 'node:http'` by building an ES module facade over every
 * enumerable export of `node:http`, and reading its lazy `WebSocket`, `CloseEvent` and
 * `MessageEvent` getters loads undici: 25 ms of CPU per process start, half of what a service costs
 * to boot (nodejs/node#57649, #59686, both open). This preload makes those three non-enumerable
 * before the service's own imports: the facade skips them, `http.WebSocket` and the global
 * `WebSocket` still work, and only `import { WebSocket } from 'node:http'` goes, which WebContainer's
 * Node 20 has never had. Measured: 15 services listening in 300 ms instead of 530 (bench: grade).
 */
export const HTTP_FACADE_PRELOAD =
  "--import=data:text/javascript,const h=process.getBuiltinModule?.('node:http');for(const k of ['WebSocket','CloseEvent','MessageEvent']){const d=h&&Object.getOwnPropertyDescriptor(h,k);if(d)Object.defineProperty(h,k,{...d,enumerable:false})}";

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
  if (known('--import')) flags.push(HTTP_FACADE_PRELOAD);
  if (options.sandbox) {
    // node:sqlite opens files outside the permission model's checks (issue 8).
    if (known('--no-experimental-sqlite')) flags.push('--no-experimental-sqlite');
    if (known('--permission')) flags.push('--permission', `--allow-fs-read=${options.readDir}`, `--allow-fs-read=${options.writeDir}`, `--allow-fs-write=${options.writeDir}`);
  }
  return flags;
}
