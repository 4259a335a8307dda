/** The HTTP client view: service, method, path, headers and body; the answer below. */
import type { RunningLab } from '../../../hosts/runtime.ts';
import { h } from '../dom.ts';
import type { Strings } from '../strings.ts';

export interface HttpView {
  element: HTMLElement;
  /** Enabled while services run. */
  setRunning(running: RunningLab | undefined): void;
}

/** `name: value` lines to a header object (lower-case names). */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

export function httpView(t: Strings, services: { name: string }[], button: (label: string, onclick: () => void, extra?: Record<string, string>) => HTMLButtonElement): HttpView {
  let running: RunningLab | undefined;
  const serviceSelect = h('select', { 'aria-label': t.service }, ...services.map((s) => h('option', { value: s.name }, s.name)));
  const methodSelect = h('select', { 'aria-label': t.method }, ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m }, m)));
  const pathInput = h('input', { type: 'text', value: '/health', 'aria-label': t.path, spellcheck: 'false', class: 'lab-path' });
  const headersInput = h('textarea', { rows: 2, 'aria-label': t.headers, placeholder: 'content-type: application/json', spellcheck: 'false' });
  const bodyInput = h('textarea', { rows: 3, 'aria-label': t.body, placeholder: '{"name": "Teapot", "price": 12.5}', spellcheck: 'false' });
  const sendBtn = button(t.send, () => void send(), { disabled: 'true' });
  const response = h('pre', { class: 'lab-response', 'aria-live': 'polite', tabindex: '0' });
  const element = h('section', { class: 'lab-panel lab-http', 'aria-label': t.request },
    h('h3', {}, t.request),
    h('div', { class: 'lab-http-line' }, serviceSelect, methodSelect, pathInput, sendBtn),
    h('label', {}, t.headers, headersInput),
    h('label', {}, t.body, bodyInput),
    response,
  );

  async function send() {
    if (!running) return;
    const headers = parseHeaderLines(headersInput.value);
    const method = methodSelect.value;
    const body = method === 'GET' || method === 'DELETE' ? undefined : bodyInput.value;
    if (body && !headers['content-type'] && /^\s*[[{]/.test(body)) headers['content-type'] = 'application/json';
    const path = pathInput.value.startsWith('/') ? pathInput.value : `/${pathInput.value}`;
    response.textContent = '…';
    const r = await running.request({ service: serviceSelect.value, method, path, headers, body });
    if (!r.ok) {
      response.textContent = `${t.requestFailed}: ${r.error}`;
      return;
    }
    let text = r.body ?? '';
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON: shown as is
    }
    const head = Object.entries(r.headers ?? {}).filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)).map(([k, v]) => `${k}: ${v}`).join('\n');
    response.textContent = `${method} ${path} → ${r.status} (${r.durationMs} ms)\n${head}\n\n${text}`;
  }

  return {
    element,
    setRunning(next) {
      running = next;
      sendBtn.toggleAttribute('disabled', !next);
    },
  };
}
