/**
 * The Faults panel while the services run: per service, kill, restart and pause (or resume) it,
 * and put faults on the requests it receives (latency, an error status, connection resets, a
 * blackhole). Everything goes through RunningLab.control(): the grader's own fault model, the
 * same code the checks use. What is active is listed, each with Remove, and one button clears all.
 */
import type { ActiveFault, FaultSpec } from '../../../engine/checks.ts';
import type { ControlAction, ControlResult, RunningLab, ServiceState } from '../../../hosts/runtime.ts';
import { h } from '../dom.ts';
import type { Strings } from '../strings.ts';

export interface FaultsView {
  element: HTMLElement;
  setRunning(running: RunningLab | undefined): void;
  /** A `state` event from the runtime. */
  update(services: { name: string; state: ServiceState }[], faults: ActiveFault[]): void;
}

/** A fault in a few words: `latency 300 ms`, `status 503`, `reset before`, plus its scope. */
export function faultText(f: ActiveFault): string {
  const spec: FaultSpec = f.fault;
  const what =
    spec.kind === 'latency' ? `latency ${spec.ms} ms${spec.jitterMs ? ` ± ${spec.jitterMs}` : ''}`
    : spec.kind === 'status' ? `status ${spec.status}`
    : spec.kind === 'reset' ? `reset ${spec.when}`
    : spec.kind === 'slow-body' ? `slow body ${spec.bytesPerChunk} B / ${spec.delayMs} ms`
    : spec.kind === 'truncate' ? `truncate after ${spec.bytes} B`
    : spec.kind === 'duplicate' ? `duplicate ×${spec.copies ?? 1}`
    : spec.kind;
  const s = f.scope ?? {};
  const scope = [s.method, s.path, s.from ? `from ${s.from}` : '', s.times ? `next ${s.times}` : '', s.probability !== undefined ? `p=${s.probability}` : ''].filter(Boolean).join(' ');
  return `${f.service}: ${what}${scope ? ` (${scope})` : ''}`;
}

export function faultsView(t: Strings, services: string[]): FaultsView {
  let running: RunningLab | undefined;
  let states = new Map<string, ServiceState>();
  let faults: ActiveFault[] = [];
  /** What the learner typed in the number fields, kept across renders. */
  const values = new Map<string, string>();
  const note = h('p', { class: 'lab-faults-note' }, t.faultsNotRunning);
  const message = h('p', { class: 'lab-faults-message', role: 'status' });
  const groups = h('div', { class: 'lab-fault-services' });
  const active = h('ul', { class: 'lab-faults-active' });
  const clearBtn = h('button', { type: 'button', class: 'lab-btn lab-btn-small', onclick: () => void act({ action: 'clear' }) }, t.clearFaults);
  const activeBox = h('div', { class: 'lab-faults-list' }, h('h4', {}, t.activeFaults), active, clearBtn);
  const element = h('section', { class: 'lab-panel lab-panel-faults', role: 'region', 'aria-label': t.faults },
    h('h3', {}, t.faults), h('p', { class: 'lab-keys' }, t.faultsIntro), note, groups, activeBox, message);

  async function act(action: ControlAction) {
    if (!running) return;
    message.textContent = '…';
    let result: ControlResult;
    try {
      result = await running.control(action);
    } catch (error) {
      message.textContent = `${t.controlFailed}: ${(error as Error).message}`;
      return;
    }
    message.textContent = result.ok ? '' : `${t.controlFailed}: ${result.error ?? ''}`;
    apply(result.services, result.faults);
  }

  const small = (label: string, name: string, onclick: () => void, disabled = false, title?: string) =>
    h('button', { type: 'button', class: 'lab-btn lab-btn-small', 'aria-label': name, onclick, disabled, title }, label);
  const number = (value: string, label: string, min: number, max: number) =>
    h('input', { type: 'number', value, min, max, step: 1, 'aria-label': label, class: 'lab-fault-number' });

  function render() {
    const on = running !== undefined;
    note.hidden = on;
    groups.hidden = !on;
    activeBox.hidden = !on;
    if (!on) return;
    const inside = element.contains(document.activeElement);
    const focusedName = inside ? (document.activeElement as HTMLElement).getAttribute('aria-label') : null;
    groups.replaceChildren(
      ...services.map((s) => {
        const state = states.get(s) ?? 'running';
        const ms = number(values.get(`ms:${s}`) ?? '300', t.latencyMs(s), 0, 60_000);
        const status = number(values.get(`status:${s}`) ?? '500', t.statusFor(s), 100, 599);
        ms.addEventListener('input', () => values.set(`ms:${s}`, ms.value));
        status.addEventListener('input', () => values.set(`status:${s}`, status.value));
        const n = t.names;
        return h('div', { class: 'lab-fault-service', role: 'group', 'aria-label': s, 'data-service': s },
          h('div', { class: 'lab-fault-line' },
            h('strong', {}, s),
            h('span', { class: `lab-state lab-state-${state}` }, h('span', { 'aria-hidden': 'true' }, state === 'running' ? '● ' : state === 'paused' ? '❚❚ ' : '■ '), t.state[state]),
            small(t.kill, n.kill(s), () => void act({ action: 'kill', service: s }), state === 'stopped'),
            small(t.restart, n.restart(s), () => void act({ action: 'restart', service: s })),
            state === 'paused'
              ? small(t.resume, n.resume(s), () => void act({ action: 'resume', service: s }))
              : small(t.pause, n.pause(s), () => void act({ action: 'pause', service: s }), state === 'stopped'),
          ),
          h('div', { class: 'lab-fault-line' },
            h('span', { class: 'lab-fault-inbound' }, t.inbound),
            ms,
            h('span', { 'aria-hidden': 'true' }, t.ms),
            small(t.addLatency, n.latency(s), () => void act({ action: 'fault', service: s, fault: { kind: 'latency', ms: Number(ms.value) || 0 } }), false, t.explain.latency),
            status,
            small(t.failWith, n.status(s), () => void act({ action: 'fault', service: s, fault: { kind: 'status', status: Number(status.value) || 500 } }), false, t.explain.status),
            small(t.resets, n.reset(s), () => void act({ action: 'fault', service: s, fault: { kind: 'reset', when: 'before' } }), false, t.explain.reset),
            small(t.blackhole, n.blackhole(s), () => void act({ action: 'fault', service: s, fault: { kind: 'blackhole' } }), false, t.explain.blackhole),
          ),
        );
      }),
    );
    active.replaceChildren(
      ...(faults.length
        ? faults.map((f) => {
            const what = faultText(f);
            return h('li', { 'data-fault': String(f.id) }, h('span', { 'aria-hidden': 'true' }, '⚡ '), `${what} · ${t.hits(f.hits)} `, small(t.remove, t.names.remove(what), () => void act({ action: 'remove-fault', id: f.id })));
          })
        : [h('li', { class: 'lab-faults-none' }, t.noFaults)]),
    );
    clearBtn.toggleAttribute('disabled', faults.length === 0);
    // Keep the keyboard where it was: the button with the same name (Pause becomes Resume in its place).
    if (focusedName && element.contains(document.activeElement) === false) {
      const again = [...element.querySelectorAll<HTMLElement>('[aria-label]')].find((el) => el.getAttribute('aria-label') === focusedName && !el.hasAttribute('disabled')) ?? swapped(focusedName);
      again?.focus();
    }
  }
  /** After Pause the focused button is replaced by Resume (and back): focus that one. */
  function swapped(name: string): HTMLElement | undefined {
    const n = t.names;
    for (const s of services) {
      const other = name === n.pause(s) ? n.resume(s) : name === n.resume(s) ? n.pause(s) : name === n.kill(s) ? n.restart(s) : undefined;
      if (other) return [...element.querySelectorAll<HTMLElement>('[aria-label]')].find((el) => el.getAttribute('aria-label') === other);
    }
    return clearBtn.hasAttribute('disabled') ? undefined : clearBtn;
  }
  function apply(next: { name: string; state: ServiceState }[], nextFaults: ActiveFault[]) {
    states = new Map(next.map((s) => [s.name, s.state]));
    faults = nextFaults;
    render();
  }
  render();

  return {
    element,
    setRunning(next) {
      running = next;
      if (next) {
        states = new Map(next.services.map((s) => [s.name, s.failure ? 'stopped' : 'running'] as const));
        faults = [];
      }
      render();
    },
    update: apply,
  };
}
