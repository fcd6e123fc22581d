import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Measurements, not tests: `scripts/bench.sh` runs them against the same
// release server as the end-to-end suite (not part of `make test`).
export default defineConfig({
  ...base,
  testDir: './measure',
  timeout: 180_000,
});
