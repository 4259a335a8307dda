import { loadLab } from '../src/hosts/node/lab-repo.ts';
import { gradeFiles } from '../src/hosts/node/grade.ts';
const lab = loadLab('hello-service');
for (const which of ['solution','starter'] as const) {
  const t = performance.now();
  const r = await gradeFiles(lab, lab[which], { hidden: true });
  console.log(which, r.status, r.score, r.maxScore, Math.round(performance.now()-t), 'ms');
  for (const c of r.checks) console.log(' ', c.status, c.id, c.message.slice(0,200));
}
