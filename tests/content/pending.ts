/**
 * Chapter files whose samples do not follow the convention yet (issue 14: chapters-2 converts
 * chapters 07–13). Their blocks are reported as todo, not checked. Remove a file from this list
 * in the same commit that makes its samples pass; the list must end empty.
 */
export const PENDING = new Set<string>(
  ['07', '08', '09', '10', '11', '12', '13'].flatMap((n) => {
    const names: Record<string, string> = {
      '07': '07-api-gateway-and-bff',
      '08': '08-service-discovery-and-load-balancing',
      '09': '09-resilience',
      '10': '10-data-and-sagas',
      '11': '11-messaging-and-idempotency',
      '12': '12-observability',
      '13': '13-deployment-and-evolution',
    };
    return [`content/docs/${names[n]}.mdx`, `content/docs/zh-cn/${names[n]}.mdx`];
  }),
);
