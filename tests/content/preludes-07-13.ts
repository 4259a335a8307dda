/**
 * Preludes for chapters 07–13 (branch chapters2 fills this file, so the two branches never edit
 * the same lines). Same shape as in preludes.ts.
 */
import type { Prelude } from './preludes.ts';

export const preludes0713: Record<string, Prelude> = {};
