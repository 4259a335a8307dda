import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other, so the timing-sensitive parts never share the two cores:
 *   1. engine, grader, labs, CLI, instructor batches (they start many processes)
 *   2. the built site and the browser end-to-end tests (Chromium + the site server)
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Grading spawns processes; two cores here.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'grading',
          include: ['src/**/*.spec.ts', 'tests/**/*.test.ts'],
          // tests/webcontainer-real: the opt-in suite on the real WebContainer (npm run test:webcontainer)
          exclude: ['tests/browser/**', 'tests/site/**', 'tests/webcontainer-real/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'site',
          include: ['tests/site/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
