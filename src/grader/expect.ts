import type { Expect, HttpResponse } from '../engine/checks.ts';
import { CheckFailure, short } from './errors.ts';

function lookAt(look?: string): string {
  return look ? ` Look at ${look}.` : '';
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

/** The assertion helpers a check receives. Every failure says what was expected and what came back. */
export const expect: Expect = {
  status(res: HttpResponse, status: number | number[], look?: string) {
    const wanted = Array.isArray(status) ? status : [status];
    if (!wanted.includes(res.status)) {
      throw new CheckFailure(
        `${res.method} ${res.path}: expected status ${wanted.join(' or ')}, got ${res.summary}.${lookAt(look)}`,
      );
    }
  },
  equal(actual: unknown, expected: unknown, what: string, look?: string) {
    if (!deepEqual(actual, expected)) {
      throw new CheckFailure(`${what}: expected ${short(expected)}, got ${short(actual)}.${lookAt(look)}`);
    }
  },
  ok(condition: unknown, message: string): void {
    if (!condition) throw new CheckFailure(message);
  },
  defined<T>(value: T | undefined | null, message: string): T {
    if (value === undefined || value === null) throw new CheckFailure(message);
    return value;
  },
  json(res: HttpResponse, look?: string) {
    if (res.json === undefined) {
      const type = res.headers['content-type'] ?? 'no content-type';
      throw new CheckFailure(
        `${res.method} ${res.path}: expected a JSON body, got ${type}: ${short(res.text, 120)}.${lookAt(look)}`,
      );
    }
    return res.json;
  },
  fail(message: string): never {
    throw new CheckFailure(message);
  },
};
