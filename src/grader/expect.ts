import type { Expect, HttpResponse } from '../engine/checks.ts';
import type { Localized } from '../engine/locale.ts';
import { CheckFailure, short } from './errors.ts';
import { say, words } from './messages.ts';

function lookAt(look?: Localized): string {
  return look ? words().lookAt(say(look)) : '';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

/** The assertion helpers a check receives. Every failure says what was expected and what came back, in the learner's language. */
export const expect: Expect = {
  status(res: HttpResponse, status: number | number[], look?: Localized) {
    const wanted = Array.isArray(status) ? status : [status];
    if (!wanted.includes(res.status)) {
      throw new CheckFailure(words().expectedStatus(`${res.method} ${res.path}`, wanted.join(words().or), res.summary) + lookAt(look));
    }
  },
  equal(actual: unknown, expected: unknown, what: Localized, look?: Localized) {
    if (!deepEqual(actual, expected)) {
      throw new CheckFailure(words().expectedValue(say(what), short(expected), short(actual)) + lookAt(look));
    }
  },
  ok(condition: unknown, message: Localized): void {
    if (!condition) throw new CheckFailure(say(message));
  },
  defined<T>(value: T | undefined | null, message: Localized): T {
    if (value === undefined || value === null) throw new CheckFailure(say(message));
    return value;
  },
  json(res: HttpResponse, look?: Localized) {
    if (res.json === undefined) {
      const type = res.headers['content-type'] ?? words().noContentType;
      throw new CheckFailure(words().expectedJson(`${res.method} ${res.path}`, type, short(res.text, 120)) + lookAt(look));
    }
    return res.json;
  },
  fail(message: Localized): never {
    throw new CheckFailure(say(message));
  },
  atMost(actual: number, max: number, what: Localized, look?: Localized) {
    if (!(actual <= max)) throw new CheckFailure(words().atMost(say(what), actual, max) + lookAt(look));
  },
  atLeast(actual: number, min: number, what: Localized, look?: Localized) {
    if (!(actual >= min)) throw new CheckFailure(words().atLeast(say(what), actual, min) + lookAt(look));
  },
};
