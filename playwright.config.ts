import { defineConfig } from '@playwright/test';

// The extension under test is the built output in .output/chrome-mv3 (npm test builds it first).
const results = `test-results${process.env.CL_TAG ? `-${process.env.CL_TAG}` : ''}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: `${results}/e2e.json` }]],
  outputDir: `${results}/artifacts`,
});
