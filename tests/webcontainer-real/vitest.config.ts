/**
 * Opt-in: the WebContainer host on the real WebContainer, in Chromium (Vitest browser mode with
 * StackBlitz's @webcontainer/test). Needs the internet: WebContainer loads its runtime from
 * StackBlitz. Its own package.json, because @webcontainer/test 0.3 wants Vitest 4 and the project
 * runs Vitest 5. Run it from the project root: `npm run test:webcontainer`.
 */
import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { vitestWebContainers } from '@webcontainer/test/plugin';
import { defineConfig } from 'vitest/config';

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  // Sets COOP same-origin and COEP require-corp on the test page, as WebContainer needs.
  plugins: [vitestWebContainers()],
  server: { fs: { allow: ['../..'] } },
  test: {
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath, args: ['--no-sandbox'] } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
