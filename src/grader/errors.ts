/** A check that did not pass: the message is shown to the learner as is. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  /** True when no answer came at all (timeout, refused, reset): the service may be stuck or dying. */
  readonly transport: boolean;
  constructor(message: string, options: { transport?: boolean } = {}) {
    super(message);
    this.transport = options.transport ?? false;
  }
}

/** Cuts long values for messages. */
export function short(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : safeJson(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function safeJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
