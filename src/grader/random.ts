/**
 * The run's seeded randomness. mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and
 * good enough for fault schedules. Every consumer derives its own stream from (seed, label), so
 * the k-th draw of a fault does not depend on how concurrent requests interleave.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a label, mixed with the seed: a stable sub-seed per fault or check. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function streamFor(seed: number, label: string): Random {
  return mulberry32(deriveSeed(seed, label));
}

/** A fresh seed for a run that was not given one (a 31-bit whole number, easy to retype). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
