// One Chromium with the built extension for a whole test worker, for suites whose tests only
// open pages and keep no extension state: on a busy machine a browser launch per test costs
// seconds. Tests open their own pages and close them when done.
import { type BrowserContext, chromium, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, extensionDir, launchArgs } from '../../scripts/chromium';

export interface SharedBrowser {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchWithExtension(): Promise<SharedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'clinical-lens-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: launchArgs(extensionDir()),
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    serviceWorker,
    extensionId: new URL(serviceWorker.url()).host,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
