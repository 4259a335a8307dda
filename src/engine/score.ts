/** Score text shared by every view (no schema code, so the browser bundle stays small). */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** "7/10" */
export function scoreText(results: { score: number; maxScore: number }): string {
  return `${formatPoints(results.score)}/${formatPoints(results.maxScore)}`;
}
