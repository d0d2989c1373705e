import { defineConfig } from 'vitest/config';

// End-to-end journeys in Debian's Chromium against a real `casework serve` (see test/e2e/global-setup.ts).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
