/**
 * Preludes for chapters 07–13 (branch chapters2 fills this file, so the two branches never edit
 * the same lines). Same shape as in preludes.ts.
 */
import type { Prelude } from './preludes.ts';

export const preludes0713: Record<string, Prelude> = {
  'ch10-order-helpers': {
    about:
      "the orders service's helpers around the saga of saga.ts (chapter 10): its order store, a JSON POST that throws Declined on a definite refusal, the saga journal, an operator alert, the order's fields and the peers' URLs.",
    code: `
declare const orders: {
  create(id: string, status: 'PENDING'): Promise<void>;
  setStatus(id: string, status: 'CANCELLED' | 'APPROVED'): Promise<void>;
};
/** POSTs a JSON body; throws saga.ts's Declined on a definite refusal (402, 409), any other Error when the outcome is unknown. */
declare function post(url: string, body: unknown): Promise<void>;
declare const journal: { append(entry: { sagaId: string; step: string; event: string; error?: unknown }): Promise<void> };
declare function alertOperators(sagaId: string): void;
declare const id: string, sku: string, qty: number, amount: number;
declare const INVENTORY_URL: string, PAYMENTS_URL: string;
`,
  },
};
