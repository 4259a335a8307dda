/**
 * Loaded (NODE_OPTIONS=--require) into every `node` the WebContainer test double spawns, so that
 * process behaves as it would inside WebContainer:
 *
 * - `process.versions.webcontainer` is set, as WebContainer's node sets it (the grader reads it to
 *   leave out V8 flags, which WebContainer's node may refuse).
 * - A child process stuck in a hot loop cannot be killed: webcontainer-core #1121 ("Unable to kill
 *   node.js stuck in hot loop": neither `kill <pid>` in jsh nor `process.kill(pid, 9)` from another
 *   node process ends it). Every process here beats a heartbeat file from its event loop every
 *   50 ms; `ChildProcess#kill` drops the signal when the child's heartbeat is older than 250 ms (its
 *   event loop is blocked: a hot loop), and delivers it at once otherwise, however busy the child
 *   is with I/O (a polling consumer, a service answering probes, a SIGTERM for a graceful stop).
 */
'use strict';
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ChildProcess } = require('node:child_process');

Object.defineProperty(process.versions, 'webcontainer', { value: 'test-double', enumerable: true });

// One folder for the whole tree: services get their own TMPDIR, so it travels in the environment.
const BEATS = process.env.WC_DOUBLE_BEATS || join(tmpdir(), 'webcontainer-double-beats');
const STALE_MS = 250;
const beatFile = (pid) => join(BEATS, String(pid));

try {
  mkdirSync(BEATS, { recursive: true });
  const beat = () => {
    try {
      writeFileSync(beatFile(process.pid), String(Date.now()));
    } catch {
      // a process that cannot write its beat is treated as alive (its kill is delivered)
    }
  };
  beat();
  setInterval(beat, 50).unref();
  process.once('exit', () => rmSync(beatFile(process.pid), { force: true }));
} catch {
  // no temp folder: kills are delivered as usual
}

/** True when `pid` beats and its last beat is stale: its event loop is blocked. */
function stuck(pid) {
  try {
    return Date.now() - Number(readFileSync(beatFile(pid), 'utf8')) > STALE_MS;
  } catch {
    return false;
  }
}

// Children get this preload too, even when their spawner builds their environment from scratch
// (the grader does for services), so every process in the container beats.
const originalSpawn = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function spawn(options) {
  if (options && Array.isArray(options.envPairs)) {
    const pairs = options.envPairs.filter((p) => !p.startsWith('WC_DOUBLE_BEATS='));
    if (!pairs.some((p) => p.startsWith('NODE_OPTIONS='))) pairs.push(`NODE_OPTIONS=--require "${__filename}"`);
    pairs.push(`WC_DOUBLE_BEATS=${BEATS}`);
    options.envPairs = pairs;
  }
  return originalSpawn.call(this, options);
};

const originalKill = ChildProcess.prototype.kill;
ChildProcess.prototype.kill = function kill(signal) {
  if (this.pid !== undefined && stuck(this.pid)) {
    process.stderr.write(`[webcontainer double] kill(${this.pid}) ignored: the process is stuck in a hot loop (webcontainer-core #1121)\n`);
    return true;
  }
  return originalKill.call(this, signal);
};
