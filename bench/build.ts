// The bench's one build: the extension as shipped, into CL_TAG's output folder.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionDir } from '../scripts/chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `wxt build` for Chrome (CL_TAG from the environment); returns the extension folder. */
export function buildExtension(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(extensionDir());
      else reject(new Error(`wxt build (CL_TAG=${process.env.CL_TAG ?? ''}) failed with code ${code}:\n${output}`));
    });
  });
}
