import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The worker's store: one JSON-lines file in its own tmp folder. Each line is the effect of one
 * message AND the proof that it was applied ({"id", "key", "amount"}), written in one append:
 * after a crash, either both are there or neither is, so a redelivered message is recognised.
 */
export const FILE = join(tmpdir(), 'effects.jsonl');

interface Effect {
  id: string;
  key: string;
  amount: number;
}

const applied = new Set<string>();
const totals = new Map<string, { total: number; applied: string[] }>();

function apply(effect: Effect): void {
  applied.add(effect.id);
  const entry = totals.get(effect.key) ?? { total: 0, applied: [] };
  entry.total += effect.amount;
  entry.applied.push(effect.id);
  totals.set(effect.key, entry);
}

/** Reads the file back after a restart (a torn last line is skipped). */
export function load(): void {
  if (!existsSync(FILE)) return;
  for (const line of readFileSync(FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      apply(JSON.parse(line) as Effect);
    } catch {
      console.log(`skipped a torn line in ${FILE}`);
    }
  }
  console.log(`loaded ${applied.size} applied messages`);
}

export function isApplied(id: string): boolean {
  return applied.has(id);
}

/** Stores the effect and the dedupe mark together. */
export function record(effect: Effect): void {
  appendFileSync(FILE, JSON.stringify(effect) + '\n');
  apply(effect);
}

export function totalOf(key: string): { key: string; total: number; applied: string[] } {
  const entry = totals.get(key) ?? { total: 0, applied: [] };
  return { key, total: entry.total, applied: [...entry.applied] };
}
