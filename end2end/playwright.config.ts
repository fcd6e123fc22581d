import { defineConfig } from '@playwright/test';

// The release server on its own port, with a fresh SQLite database and demo
// data (scripts/e2e-server.sh), driven in Debian's Chromium.
const port = process.env.BC_E2E_PORT ?? '3100';
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.BC_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /no-script\// },
    // Issue 18 §1: the main journeys without JavaScript (no wasm, no form
    // listener), after the others (they share the server's database).
    {
      name: 'no-script',
      testMatch: /no-script\/.*\.spec\.ts/,
      use: { javaScriptEnabled: false },
      dependencies: ['chromium'],
    },
  ],
  webServer: {
    command: 'bash ../scripts/e2e-server.sh',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { BC_E2E_PORT: port },
  },
});
