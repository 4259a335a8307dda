/**
 * Preludes: what a fragment (```ts check="fragment" prelude="<name>") leaves out.
 *
 * `code` is put before the fragment in the same file (so keep it to imports and `declare`s whose
 * names the fragment does not declare itself); `files` are extra modules written next to the
 * block, for fragments that import a file the chapter never shows. Declarations say what a real
 * implementation would give (exact types, no `any`), so a fragment that misuses them fails.
 */
export interface Prelude {
  /** One sentence: what the fragment is assumed to have. */
  about: string;
  code?: string;
  files?: Record<string, string>;
}

import { preludes0713 } from './preludes-07-13.ts';

export const preludes: Record<string, Prelude> = {
  ...preludes0713,
  'order-helpers': {
    about: 'a database client with transactions, a JSON POST helper, the service URLs and the order fields (chapter 2).',
    code: `
interface Tx {
  orders: { insert(row: { customerId: string; sku: string; total: number }): Promise<{ id: string }> };
  payments: { insert(row: { orderId: string; amount: number }): Promise<{ id: string }> };
  stock: { reserve(sku: string, quantity: number): Promise<void> };
}
declare const db: { transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> };
/** POSTs a JSON body and answers the parsed JSON response; throws on a non-2xx status. */
declare function post(url: string, body: unknown): Promise<{ id: string }>;
declare const ORDERS_URL: string, PAYMENTS_URL: string, INVENTORY_URL: string;
declare const customerId: string, sku: string, total: number;
`,
  },
  'catalog-internal': {
    about: "the catalogue module's internal implementation, which its public index re-exports (chapter 3).",
    files: {
      'internal/catalog.ts': `import type { Catalog, Product } from '../index.ts';
export function createCatalog(products: Product[]): Catalog {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  return { async findProduct(sku) { return bySku.get(sku); } };
}
`,
    },
  },
  'catalog-types': {
    about: "the catalogue module's public types, Catalog and Product, from the block titled src/modules/catalog/index.ts (chapter 3).",
    code: `import type { Catalog, Product } from './src/modules/catalog/index.ts';\n`,
  },
  'raw-body': {
    about: 'rawBody, the request body as text, already read from the request (chapter 5).',
    code: `declare const rawBody: string;\n`,
  },
  'handler-deadline': {
    about: 'inside an HTTP handler: clientGone, aborted when the incoming request closes early, and the orders service URL (chapter 6).',
    code: `declare const clientGone: AbortController;\ndeclare const ORDERS_URL: string;\n`,
  },
  'charge-card': {
    about: 'chargeCard, the call to the card processor, which takes an idempotency key as Stripe does, and CardDeclined, its definite refusal (chapter 6).',
    code: `declare class CardDeclined extends Error {}
declare function chargeCard(request: unknown, options: { idempotencyKey: string }): Promise<{ id: string; amount: number }>;
`,
  },
};
