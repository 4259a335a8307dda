/**
 * /lab-data/<id>.json: what the in-page lab needs: starter, solution, provided services, the
 * PUBLIC checks and the compiled grader. Hidden checks never leave labs/<id>/hidden/ (a test
 * checks that dist/ holds none of them).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { pick } from '../../src/engine/locale.ts';
import { graderFiles } from '../../src/hosts/node/grader-files.ts';
import { listLabIds, loadLab } from '../../src/hosts/node/lab-repo.ts';

export const getStaticPaths: GetStaticPaths = () => listLabIds().map((id) => ({ params: { id } }));

export const GET: APIRoute = ({ params }) => {
  const lab = loadLab(params.id!);
  const locale = 'en';
  const body = {
    id: lab.manifest.id,
    chapter: lab.manifest.chapter ?? '',
    title: pick(lab.manifest.title, locale),
    manifest: lab.manifest,
    services: lab.manifest.services.map((s) => ({ name: s.name, provided: s.provided })),
    starter: lab.starter,
    solution: lab.solution,
    provided: lab.provided,
    checks: lab.checks,
    checkHelpers: lab.checkHelpers,
    checkDependencies: lab.checkDependencies,
    hints: lab.manifest.hints.map((hint) => pick(hint, 'en')),
    hintsByLocale: { en: lab.manifest.hints.map((hint) => pick(hint, 'en')), 'zh-cn': lab.manifest.hints.map((hint) => pick(hint, 'zh-cn')) },
    grader: graderFiles(),
  };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
};
