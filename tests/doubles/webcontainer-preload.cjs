/**
 * Loaded (NODE_OPTIONS=--require) into every `node` the WebContainer test double spawns, and into
 * their children, so each process behaves as it would inside WebContainer:
 *
 * - `process.versions.webcontainer` is set, as WebContainer's node sets it (the grader reads it to
 *   leave out V8 flags, which WebContainer's node may refuse).
 * - A process stuck in a hot loop cannot be killed: webcontainer-core #1121 ("Unable to kill
 *   node.js stuck in hot loop": neither `kill <pid>` in jsh nor `process.kill(pid, 9)` from another
 *   node process ends it). WebContainer's processes are workers in the page, and a signal reaches
 *   one as a message its event loop must take. The double does the same, with no guessing: a
 *   terminating signal is handled by a JavaScript listener, which runs only when the event loop
 *   turns. A hot loop never lets it run, so the signal is lost; any other process, however busy
 *   with I/O, is ended as soon as its current task returns.
 *     - SIGKILL (and a bare `kill()`) is sent as SIGUSR2, whose listener kills the process with a
 *       real SIGKILL, so its parent sees `signal === 'SIGKILL'`.
 *     - SIGTERM, SIGINT and SIGHUP are sent as they are. The listener here ends the process only
 *       when it is the only one, as Node's default would; a learner's own SIGTERM handler (a
 *       graceful shutdown) runs instead, as it would anywhere.
 *     - SIGSTOP and SIGCONT, which no process can catch, are sent as they are.
 */
'use strict';
const { ChildProcess } = require('node:child_process');

Object.defineProperty(process.versions, 'webcontainer', { value: 'test-double', enumerable: true });

const KILL_REQUEST = 'SIGUSR2';

process.on(KILL_REQUEST, () => process.kill(process.pid, 'SIGKILL'));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  const byDefault = () => {
    if (process.listenerCount(signal) > 1) return; // the program handles it itself
    process.removeListener(signal, byDefault); // the default disposition is back: die of it
    process.kill(process.pid, signal);
  };
  process.on(signal, byDefault);
}

// Children get this preload too, even when their spawner builds their environment from scratch
// (the grader does for services).
const preload = `--require "${__filename}"`;
const originalSpawn = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function spawn(options) {
  if (options && Array.isArray(options.envPairs)) {
    const i = options.envPairs.findIndex((p) => p.startsWith('NODE_OPTIONS='));
    if (i === -1) options.envPairs = [...options.envPairs, `NODE_OPTIONS=${preload}`];
    else if (!options.envPairs[i].includes(__filename)) options.envPairs = options.envPairs.map((p, j) => (j === i ? `${p} ${preload}` : p));
  }
  return originalSpawn.call(this, options);
};

const originalKill = ChildProcess.prototype.kill;
ChildProcess.prototype.kill = function kill(signal = 'SIGTERM') {
  const name = typeof signal === 'number' ? (signal === 9 ? 'SIGKILL' : signal) : signal;
  return originalKill.call(this, name === 'SIGKILL' ? KILL_REQUEST : signal);
};
