// Playwright fixtures: the built extension loaded in the system Chromium, and a static server
// on 127.0.0.1 for the test pages.
import { type BrowserContext, test as base, chromium, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionDir, launchArgs, chromiumPath } from '../../scripts/chromium';
import { startStaticServer, type StaticServer } from '../../scripts/static-server';

interface Fixtures {
  /** The browser profile's folder, for tests that inspect what Chromium wrote to disk. */
  userDataDir: string;
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
}

interface WorkerFixtures {
  server: StaticServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  server: [
    async ({}, use) => {
      const server = await startStaticServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  userDataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'clinical-lens-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ userDataDir }, use) => {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: launchArgs(extensionDir()),
    });
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});

export const expect = test.expect;
