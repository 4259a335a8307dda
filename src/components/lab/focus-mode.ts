/**
 * Focus mode: the workbench takes the whole window, the editor on the left and the output on the
 * right where there is room (styles in Lab.astro). A toggle button (aria-pressed) turns it on and
 * off; Esc leaves it. While it is on, the workbench is a manual popover, so it sits in the top
 * layer above Starlight's header and sidebars whatever their stacking contexts, and the rest of
 * the page is inert, so Tab stays in the workbench instead of wandering behind it.
 */
import { h } from './dom.ts';
import type { Strings } from './strings.ts';

/** Every element beside the path from `root` up to <body>: what to make inert. */
function outside(root: HTMLElement): Element[] {
  const out: Element[] = [];
  for (let node: HTMLElement | null = root; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement?.children ?? []) if (sibling !== node && !sibling.hasAttribute('inert')) out.push(sibling);
  }
  return out;
}

export function focusToggle(root: HTMLElement, t: Strings): HTMLButtonElement {
  const btn = h('button', { type: 'button', class: 'lab-btn lab-focus-toggle', 'aria-pressed': 'false', title: t.focusKeys }, t.focus);
  let inerted: Element[] = [];
  const set = (on: boolean) => {
    if (on && 'showPopover' in root) {
      root.setAttribute('popover', 'manual');
      root.showPopover();
    } else if (!on && root.hasAttribute('popover')) {
      root.hidePopover();
      root.removeAttribute('popover');
    }
    root.classList.toggle('lab-focus', on);
    document.documentElement.classList.toggle('lab-focus-open', on);
    btn.setAttribute('aria-pressed', String(on));
    for (const el of inerted) el.removeAttribute('inert');
    inerted = on ? outside(root) : [];
    for (const el of inerted) el.setAttribute('inert', '');
  };
  btn.addEventListener('click', () => {
    set(!root.classList.contains('lab-focus'));
    btn.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !root.classList.contains('lab-focus')) return;
    set(false);
    if (!root.contains(document.activeElement)) btn.focus();
  });
  return btn;
}
