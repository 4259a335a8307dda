/**
 * Loaded (NODE_OPTIONS=--require) into every `node` the WebContainer test double spawns, so that
 * process behaves as it would inside WebContainer:
 *
 * - `process.versions.webcontainer` is set, as WebContainer's node sets it (the grader reads it to
 *   leave out V8 flags, which WebContainer's node may refuse).
 * - A child process stuck in a hot loop cannot be killed: webcontainer-core #1121 ("Unable to kill
 *   node.js stuck in hot loop": neither `kill <pid>` in jsh nor `process.kill(pid, 9)` from another
 *   node process ends it). `ChildProcess#kill` here looks at the child's CPU time over the last 200 ms
 *   (/proc/<pid>/stat, sampled in the background) and drops the signal when it was mostly on the CPU (40% or more, the
 *   share of a hot loop even on a busy 2-core machine); a child that only polls or waits, as a
 *   queue consumer does, is killed as usual.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { ChildProcess } = require('node:child_process');

Object.defineProperty(process.versions, 'webcontainer', { value: 'test-double', enumerable: true });

function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of proc(5))
  } catch {
    return undefined;
  }
}

// Every child's CPU time is sampled in the background (every 50 ms, the last 200 ms kept), so a
// kill is decided at once: a signal to an idle child arrives without delay (SIGTERM for a graceful
// shutdown must not be late because of the double), one to a busy child is dropped.
const samples = new Map(); // pid -> [{ at, ticks }]
const sampler = setInterval(() => {
  const now = Date.now();
  for (const [pid, list] of samples) {
    const ticks = cpuTicks(pid);
    if (ticks === undefined) {
      samples.delete(pid);
      continue;
    }
    list.push({ at: now, ticks });
    while (list.length > 1 && now - list[0].at > 200) list.shift();
  }
}, 50);
sampler.unref();

const originalSpawn = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function spawn(options) {
  const result = originalSpawn.call(this, options);
  if (this.pid !== undefined) samples.set(this.pid, [{ at: Date.now(), ticks: cpuTicks(this.pid) ?? 0 }]);
  return result;
};

const originalKill = ChildProcess.prototype.kill;
ChildProcess.prototype.kill = function kill(signal) {
  const pid = this.pid;
  const list = pid === undefined ? undefined : samples.get(pid);
  const now = pid === undefined ? undefined : cpuTicks(pid);
  if (!list || now === undefined || list.length === 0) return originalKill.call(this, signal);
  const first = list[0];
  const spanMs = Math.max(50, Date.now() - first.at);
  // Mostly on the CPU over the last ~200 ms (40 % or more, at 100 ticks a second): a hot loop.
  if (spanMs >= 100 && (now - first.ticks) * 10 >= 0.4 * spanMs) {
    process.stderr.write(`[webcontainer double] kill(${pid}) ignored: the process is busy (webcontainer-core #1121)\n`);
    return true;
  }
  return originalKill.call(this, signal);
};
