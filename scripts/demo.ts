// `npm start`: build the extension, serve the demo pages on 127.0.0.1 and open them in Chromium
// with Clinical Lens loaded. With a display it opens a normal window and waits until you close
// it; without one (or with --headless) it runs the same pages headless and saves screenshots of
// the hover popover to demo-output/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumPath, extensionDir, launchArgs } from './chromium';
import { captureHover, HOVER_SHOTS, PopoverMissingError } from './demo-hover';
import { startStaticServer, type StaticServer } from './static-server';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'demo-output');
/** A fixed port gives the demo the same URLs on every run (falls back to any free port). */
const DEFAULT_PORT = 8765;
const PAGES = ['/demo/index.html', '/demo/article.html', '/demo/ehr/index.html'];

class DemoError extends Error {}

function hasDisplay(): boolean {
  return !process.env.CI && Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function browserPath(): string {
  try {
    return chromiumPath();
  } catch (error) {
    throw new DemoError(error instanceof Error ? error.message : String(error));
  }
}

function build(): string {
  console.log('Building the extension (npx wxt build)…');
  const result = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new DemoError('The extension build failed (npx wxt build): see the output above.');
  const extension = extensionDir();
  if (!existsSync(join(extension, 'manifest.json'))) throw new DemoError(`The build did not produce ${relative(ROOT, extension)}/manifest.json.`);
  return extension;
}

/** The preferred port if nothing listens on it, otherwise 0 (any free port). */
async function pickPort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(0));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

async function launch(executable: string, extension: string, headless: boolean, profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless,
    args: launchArgs(extension, { headless }),
    // Headed: the window decides the size. Headless: a laptop-sized page for the screenshots.
    viewport: headless ? { width: 1100, height: 720 } : null,
  });
}

async function runHeaded(context: BrowserContext, server: StaticServer): Promise<void> {
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  const first = context.pages()[0] ?? (await context.newPage());
  await first.goto(server.url(PAGES[0]!));
  for (const path of PAGES.slice(1)) await (await context.newPage()).goto(server.url(path));
  await first.bringToFront();
  console.log('Chromium is open with Clinical Lens. Close the browser window (or press Ctrl+C) to stop.');
  process.once('SIGINT', () => void context.close());
  await closed;
}

async function runHeadless(context: BrowserContext, server: StaticServer): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  console.log('No display: running the demo headless and saving hover screenshots.');
  const saved: string[] = [];
  const failures: string[] = [];
  for (const shot of HOVER_SHOTS) {
    try {
      saved.push(await captureHover(context, server, shot, OUT_DIR));
    } catch (error) {
      if (!(error instanceof PopoverMissingError)) throw error;
      failures.push(error.message);
    }
  }
  if (saved.length > 0) console.log(`\nScreenshots:\n${saved.map((file) => `  ${relative(process.cwd(), file)}`).join('\n')}`);
  if (failures.length > 0) {
    throw new DemoError(`The hover popover did not appear on ${failures.length} of ${HOVER_SHOTS.length} pages:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  }
}

async function main(): Promise<void> {
  const headless = process.argv.includes('--headless') || !hasDisplay();
  const executable = browserPath();
  const extension = build();
  const server = await startStaticServer({ port: await pickPort(DEFAULT_PORT) });
  console.log(`Demo pages: ${server.url('/demo/')}`);
  const profile = mkdtempSync(join(tmpdir(), 'clinical-lens-demo-'));
  try {
    const context = await launch(executable, extension, headless, profile);
    try {
      await (headless ? runHeadless(context, server) : runHeaded(context, server));
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Our own errors are written for the reader; anything unexpected keeps its stack.
    const text = error instanceof DemoError ? error.message : error instanceof Error ? error.stack : String(error);
    console.error(`\nnpm start failed: ${text}`);
    process.exit(1);
  },
);
