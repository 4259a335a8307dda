/**
 * Loaded (NODE_OPTIONS=--require) into every `node` the WebContainer test double spawns, so that
 * process behaves as it would inside WebContainer:
 *
 * - `process.versions.webcontainer` is set, as WebContainer's node sets it (the grader reads it to
 *   leave out V8 flags, which WebContainer's node may refuse).
 * - A child process stuck in a hot loop cannot be killed: webcontainer-core #1121 ("Unable to kill
 *   node.js stuck in hot loop": neither `kill <pid>` in jsh nor `process.kill(pid, 9)` from another
 *   node process ends it). `ChildProcess#kill` here first samples the child's CPU time for 200 ms
 *   (/proc/<pid>/stat) and drops the signal when it was mostly on the CPU (40% or more, the
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

const originalKill = ChildProcess.prototype.kill;
ChildProcess.prototype.kill = function kill(signal) {
  const pid = this.pid;
  const before = pid === undefined ? undefined : cpuTicks(pid);
  if (before === undefined) return originalKill.call(this, signal);
  setTimeout(() => {
    const after = cpuTicks(pid);
    if (after === undefined) return;
    if (after - before >= 8) {
      process.stderr.write(`[webcontainer double] kill(${pid}) ignored: the process is busy (webcontainer-core #1121)\n`);
      return;
    }
    originalKill.call(this, signal);
  }, 200).unref();
  return true;
};
