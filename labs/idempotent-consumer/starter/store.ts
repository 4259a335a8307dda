import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The worker's store. TODO: today it lives in memory, so a restart forgets every effect and
 * every message id. Make it a JSON-lines file, FILE, in the worker's own tmp folder: append one
 * line per applied message ({"id", "key", "amount"}: the effect and the dedupe mark together)
 * and read the file back in load().
 */
export const FILE = join(tmpdir(), 'effects.jsonl');

interface Effect {
  id: string;
  key: string;
  amount: number;
}

const applied = new Set<string>();
const totals = new Map<string, { total: number; applied: string[] }>();

/** TODO: read FILE back after a restart (skip a torn last line). */
export function load(): void {}

export function isApplied(id: string): boolean {
  return applied.has(id);
}

/** TODO: appendFileSync the effect to FILE first. */
export function record(effect: Effect): void {
  applied.add(effect.id);
  const entry = totals.get(effect.key) ?? { total: 0, applied: [] };
  entry.total += effect.amount;
  entry.applied.push(effect.id);
  totals.set(effect.key, entry);
}

export function totalOf(key: string): { key: string; total: number; applied: string[] } {
  const entry = totals.get(key) ?? { total: 0, applied: [] };
  return { key, total: entry.total, applied: [...entry.applied] };
}
