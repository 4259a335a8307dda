/**
 * Samples whose bug was in their behaviour, not their types (issue 14), run here against what the
 * chapter says they do, in both languages: the block is taken from the chapter file, its prelude's
 * declarations are given real implementations, and the module is imported.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/hosts/node/lab-repo.ts';
import { loadBlocks } from './samples.ts';

const dir = mkdtempSync(join(tmpdir(), 'chapter-behaviour-'));
symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes `head` + the n-th TypeScript block of `file` to a module and imports it. */
async function load<T>(file: string, tsIndex: number, head = ''): Promise<T> {
  const block = loadBlocks(PROJECT_ROOT, file).filter((b) => b.lang === 'ts')[tsIndex - 1]!;
  const path = join(dir, `sample-${++n}.ts`);
  writeFileSync(path, head + block.code);
  return (await import(pathToFileURL(path).href)) as T;
}

for (const lang of ['', 'zh-cn/']) {
  describe(`chapter 6 (${lang || 'en'}): the payment server keeps a recovery point`, () => {
    // A card processor that, like Stripe, deduplicates by idempotency key; it can be told to
    // charge and then time out, or to decline.
    const processor = `
export const charges = new Map<string, number>();
export const plan: { mode: 'ok' | 'charge-then-timeout' | 'decline' | 'slow' } = { mode: 'ok' };
export class CardDeclined extends Error {}
export async function chargeCard(request: unknown, options: { idempotencyKey: string }) {
  const amount = (request as { amount: number }).amount;
  if (plan.mode === 'decline') throw new CardDeclined('card declined');
  if (plan.mode === 'slow') await new Promise((r) => setTimeout(r, 200));
  if (!charges.has(options.idempotencyKey)) charges.set(options.idempotencyKey, amount);
  if (plan.mode === 'charge-then-timeout') throw new Error('processor timed out');
  return { id: 'ch_' + options.idempotencyKey, amount };
}
`;
    type Sample = {
      handlePayment(key: string, body: string): Promise<{ status: number; body: unknown }>;
      charges: Map<string, number>;
      plan: { mode: string };
    };
    const file = `content/docs/${lang}06-fallacies-and-synchronous-communication.mdx`;

    it('a retry after "timed out, but charged" charges once and answers 201', async () => {
      const s = await load<Sample>(file, 4, processor);
      s.plan.mode = 'charge-then-timeout';
      await expect(s.handlePayment('k1', '{"amount":20}')).rejects.toThrow('processor timed out');
      s.plan.mode = 'ok';
      const retry = await s.handlePayment('k1', '{"amount":20}');
      expect(retry.status).toBe(201);
      expect([...s.charges.entries()]).toEqual([['k1', 20]]);
      expect(await s.handlePayment('k1', '{"amount":20}')).toEqual(retry); // replayed
    });

    it('a decline is stored and replayed; a different body is 422; a concurrent attempt is 409', async () => {
      const s = await load<Sample>(file, 4, processor);
      s.plan.mode = 'decline';
      expect((await s.handlePayment('k2', '{"amount":5}')).status).toBe(402);
      s.plan.mode = 'ok';
      expect((await s.handlePayment('k2', '{"amount":5}')).status).toBe(402);
      expect((await s.handlePayment('k2', '{"amount":6}')).status).toBe(422);
      s.plan.mode = 'slow';
      const first = s.handlePayment('k3', '{"amount":7}');
      expect((await s.handlePayment('k3', '{"amount":7}')).status).toBe(409);
      expect((await first).status).toBe(201);
      expect(s.charges.get('k3')).toBe(7);
    });
  });

  describe(`chapter 4 (${lang || 'en'}): the strangler routes whole path segments`, () => {
    it('sends /invoices and below to the new service, /invoicesX and the rest to the monolith', async () => {
      process.env.INVOICES_URL = 'http://invoices';
      process.env.MONOLITH_URL = 'http://monolith';
      const { targetFor } = await load<{ targetFor(path: string): string }>(`content/docs/${lang}04-where-microservices-fit.mdx`, 1);
      expect(['/invoices', '/invoices/7', '/invoices?page=2', '/invoicesX', '/orders/1', '/'].map(targetFor)).toEqual([
        'http://invoices', 'http://invoices', 'http://invoices', 'http://monolith', 'http://monolith', 'http://monolith',
      ]);
    });
  });
}
