import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium (apt-get install chromium): a
// browser download (npx playwright install) is not needed. The global setup
// starts a real concord binary on a fresh SQLite database with the demo data.
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  // One retry in CI: a few modal and menu steps time out now and then on a
  // busy two-core machine (a test that passes only on its retry is
  // reported as flaky in the output, not hidden).
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
