// How Clinical Lens starts Chromium: the system build, the unpacked extension, and no
// background traffic of Chromium's own (this machine has no internet, and notes are private).
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function extensionDir(browser: 'chrome-mv3' | 'firefox-mv3' = 'chrome-mv3'): string {
  const tag = process.env.CL_TAG ? `-${process.env.CL_TAG}` : '';
  return join(ROOT, `.output${tag}`, browser);
}

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return path;
}

export function launchArgs(extension: string, { headless = true }: { headless?: boolean } = {}): string[] {
  const args = [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--no-first-run',
    '--disable-quic',
    '--disable-gpu',
  ];
  if (headless) args.push('--headless=new');
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}
