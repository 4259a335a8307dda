/** A traffic diagram in the page: the SVG in a scrolling box, and its text alternative listing every exchange. */
import { GRADER_CALLER, LEARNER_CALLER, type TrafficEntry } from '../../../engine/checks.ts';
import { h } from '../dom.ts';
import type { Strings } from '../strings.ts';
import { lifelineHeads, trafficLines, trafficSvg, type DiagramOptions, type DiagramText } from '../traffic-diagram.ts';

export function diagramText(t: Strings): DiagramText {
  return {
    callerName: (name) => (name === LEARNER_CALLER ? t.you : name === GRADER_CALLER ? t.grader : name),
    fault: t.fault,
    noAnswer: t.noAnswer,
    times: t.times,
  };
}

/** Parses our own, escaped SVG markup into an element. */
export function svgElement(markup: string): SVGSVGElement {
  const template = document.createElement('template');
  template.innerHTML = markup;
  return template.content.firstElementChild as SVGSVGElement;
}

/** The diagram's two parts: the lifeline names in a sticky row, then the arrows. */
export function diagram(entries: readonly TrafficEntry[], options: DiagramOptions): Element[] {
  return [h('div', { class: 'lab-traffic-sticky' }, svgElement(lifelineHeads(entries, options))), svgElement(trafficSvg(entries, { ...options, heads: false }))];
}

export function trafficFigure(entries: readonly TrafficEntry[], options: Omit<DiagramOptions, 'interactive'> & { t: Strings }): HTMLElement {
  const lines = trafficLines(entries, options.text);
  return h('div', { class: 'lab-traffic-figure' },
    h('div', { class: 'lab-traffic-scroll' }, ...diagram(entries, options)),
    h('details', { class: 'lab-traffic-text' }, h('summary', {}, options.t.trafficAsText), h('ol', {}, ...lines.map((line) => h('li', {}, line)))),
  );
}
