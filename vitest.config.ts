import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Grading spawns processes; two cores here.
    maxWorkers: 2,
  },
});
