/** The results view: total, ✓/✗ per check with points and message, and each check's traffic diagram (collapsed). */
import type { CheckResult, Results } from '../../../engine/results.ts';
import { formatPoints, scoreText } from '../../../engine/score.ts';
import { h } from '../dom.ts';
import type { Strings } from '../strings.ts';
import { diagramText, trafficFigure } from './traffic-figure.ts';

export interface ResultsView {
  element: HTMLElement;
  clear(): void;
  show(r: Results): void;
}

/** How many exchanges the grader left out of `traffic` (it keeps the first 500 of a check). */
const dropped = (c: CheckResult) => c.trafficDropped ?? 0;

export function resultsView(t: Strings, services: string[]): ResultsView {
  const results = h('div', { class: 'lab-results', role: 'region', 'aria-live': 'polite', 'aria-label': t.results });
  const element = h('section', { class: 'lab-panel lab-panel-results', 'aria-label': t.results }, h('h3', {}, t.results), results);
  const text = diagramText(t);
  return {
    element,
    clear: () => results.replaceChildren(),
    show(r) {
      const passed = r.checks.filter((c) => c.status === 'pass').length;
      results.replaceChildren(
        h('p', { class: `lab-total lab-total-${r.status}` }, h('strong', {}, `${t.score}: ${scoreText(r)}`), ` — ${r.status === 'pass' ? t.allPassed : t.passed(passed, r.checks.length)}`),
        ...(r.error ? [h('p', { class: 'lab-error' }, r.error)] : []),
        h('ul', { class: 'lab-checks' },
          ...r.checks.map((c) =>
            h('li', { class: `lab-check lab-check-${c.status}`, 'data-check': c.id },
              h('span', { class: 'lab-mark', 'aria-hidden': 'true' }, c.status === 'pass' ? '✓' : c.status === 'fail' ? '✗' : '!'),
              h('span', { class: 'lab-check-title' }, c.title, c.hidden ? ` (${t.hidden})` : ''),
              h('span', { class: 'lab-points' }, t.pointsOf(formatPoints(c.earned), formatPoints(c.points))),
              c.status !== 'pass' && !(r.error && c.message.includes(r.error)) ? h('p', { class: 'lab-message' }, c.message) : undefined,
              c.status !== 'pass' && c.logs ? h('details', {}, h('summary', {}, t.output), h('pre', {}, c.logs)) : undefined,
              c.traffic?.length
                ? h('details', { class: 'lab-check-traffic' },
                    h('summary', {}, t.trafficOfCheck(c.traffic.length), dropped(c) ? t.trafficDropped(dropped(c)) : ''),
                    trafficFigure(c.traffic, { services, text, title: `${t.traffic}: ${c.title}`, description: t.trafficDiagram(c.traffic.length), t }))
                : undefined,
            ),
          ),
        ),
      );
    },
  };
}
