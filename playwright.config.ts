import { defineConfig } from '@playwright/test';
import { pickChromiumHere } from './tests/e2e/harness/browser';

/**
 * End-to-end tests drive the browser host (the same renderer the Electron window loads) on a
 * temporary workspace. The browser: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else a system Chromium or
 * Chrome, else Playwright's own — installed here with `npx playwright install chromium` when no
 * browser is found; if that fails, one line says what is missing (tests/e2e/harness/browser.ts).
 */
const browser = pickChromiumHere();
if (!browser.ok) {
  console.error(browser.message);
  process.exit(1);
}
const executablePath = browser.path;

export default defineConfig({
  testDir: 'tests/e2e/specs',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
