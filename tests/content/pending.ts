/**
 * Chapter files whose samples do not follow the convention yet (issue 14). Their blocks are
 * reported as todo, not checked. Remove a file from this list in the same commit that makes its
 * samples pass; the list must end empty (chapters 07–13 were converted on branch chapters2).
 */
export const PENDING = new Set<string>([]);
