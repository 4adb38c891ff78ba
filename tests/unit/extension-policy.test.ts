// The built extension's promises, checked on what ships (the build output, not the sources):
// no remote code, no eval, no way to the network beyond a few known-safe library paths, a strict
// CSP for the extension's pages, and exactly the permissions the README justifies.
// `npm test` builds both browsers before the unit tests run; run `npx wxt build` and
// `npx wxt build -b firefox` (with the same CL_TAG) before running this file alone.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const OUTPUT = join(ROOT, `.output${process.env.CL_TAG ? `-${process.env.CL_TAG}` : ''}`);

function built(target: 'chrome-mv3' | 'firefox-mv2'): string {
  const dir = join(OUTPUT, target);
  if (!existsSync(join(dir, 'manifest.json'))) {
    const command = target === 'chrome-mv3' ? 'npx wxt build' : 'npx wxt build -b firefox';
    throw new Error(`${relative(ROOT, dir)} is missing: build the extension first (\`${command}\`, with the same CL_TAG; \`npm test\` does it).`);
  }
  return dir;
}

function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, extensions);
    return extensions.some((ext) => name.endsWith(ext)) ? [path] : [];
  });
}

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: string | { extension_pages?: string; sandbox?: string };
  content_scripts?: { matches: string[] }[];
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

/** Directive → sources, from a CSP string. */
function parseCsp(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

/**
 * Known-safe uses of network APIs in the libraries we ship. Every occurrence found in a bundle
 * must be explained by one of these: `marker` is text the library writes within 300 characters
 * before the call, which survives minification.
 */
const KNOWN_NETWORK_USES = [
  {
    marker: '/content-scripts/content.css',
    reason: "WXT's content-script UI loads our own stylesheet from the extension package (runtime.getURL).",
  },
  {
    marker: 'attachShadow(',
    reason: "WXT's isolated-element helper reads a stylesheet given by URL; we pass CSS text, never a URL.",
  },
  {
    marker: 'referrerPolicy',
    reason: "Vite's modulepreload polyfill fetches the <link rel=modulepreload> chunks of our own pages.",
  },
  {
    marker: '_readChunk',
    reason: "papaparse's remote-file download mode; we parse text the user picked, never with download: true.",
  },
];

const NETWORK_API = /\bfetch\(|\bXMLHttpRequest\b|\bWebSocket\b|\bEventSource\b|\bsendBeacon\b|\bimportScripts\(/g;
/** Code from strings: none at all, in our code or any library's. */
const CODE_FROM_STRINGS = /(?<![\w$.])eval\(|\bnew Function\(|\bsetTimeout\(\s*["'`]|\bsetInterval\(\s*["'`]/g;

describe.each(['chrome-mv3', 'firefox-mv2'] as const)('the %s build', (target) => {
  it('runs no remote code: every script and stylesheet comes from the package', () => {
    const dir = built(target);
    for (const file of filesUnder(dir, ['.html'])) {
      const html = readFileSync(file, 'utf8');
      const sources = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1] ?? '');
      expect(sources.length, relative(dir, file)).toBeGreaterThan(0);
      expect(sources.filter((src) => /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src)), relative(dir, file)).toEqual([]);
    }
    for (const file of filesUnder(dir, ['.css'])) {
      const css = readFileSync(file, 'utf8');
      expect(css.match(/@import|url\(\s*["']?(?:https?:)?\/\//gi) ?? [], relative(dir, file)).toEqual([]);
    }
    for (const file of filesUnder(dir, ['.js'])) {
      const js = readFileSync(file, 'utf8');
      expect(js.match(/\bimport\(\s*["'`](?:https?:)?\/\//g) ?? [], relative(dir, file)).toEqual([]);
    }
  });

  it('builds no code from strings (no eval, no new Function)', () => {
    const dir = built(target);
    const found = filesUnder(dir, ['.js']).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(CODE_FROM_STRINGS)].map((m) => `${relative(dir, file)}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });

  it('reaches the network only through known library paths that load our own files', () => {
    const dir = built(target);
    const scripts = filesUnder(dir, ['.js']);
    const unexplained: string[] = [];
    let explained = 0;
    for (const file of scripts) {
      const js = readFileSync(file, 'utf8');
      for (const match of js.matchAll(NETWORK_API)) {
        const before = js.slice(Math.max(0, match.index - 300), match.index);
        if (KNOWN_NETWORK_USES.some((use) => before.includes(use.marker))) explained++;
        else unexplained.push(`${relative(dir, file)}: …${js.slice(Math.max(0, match.index - 80), match.index + 40)}…`);
      }
    }
    expect(unexplained).toEqual([]);
    // The scan reads real bundles: WXT's stylesheet loader is always in the content script.
    expect(explained).toBeGreaterThan(0);
  });

  it('gives its pages a strict content security policy', () => {
    const manifest = manifestOf(built(target));
    const csp = manifest.content_security_policy;
    const policy = target === 'firefox-mv2' ? csp : typeof csp === 'object' ? csp.extension_pages : undefined;
    expect(typeof policy, 'content_security_policy is set explicitly').toBe('string');
    const directives = parseCsp(policy as string);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(["'self'", "'none'"]).toContain(directives.get('object-src')?.join(' '));
    for (const [name, sources] of directives) {
      expect(sources.filter((s) => /unsafe|^https?:|^\*|^data:|^blob:/i.test(s)), name).toEqual([]);
    }
  });

  it('asks for exactly the permissions the README justifies, and none that reach the network', () => {
    const manifest = manifestOf(built(target));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((s) => s.startsWith('Permissions'));
    expect(section, 'README.md has a "## Permissions" section').toBeDefined();
    // The table's first column names each permission in backticks.
    const justified = new Set(
      [...(section as string).matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1] as string),
    );
    const asked = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
    expect(new Set(asked.filter((p) => !p.includes('://') && p !== '<all_urls>'))).toEqual(justified);

    const forbidden = ['tabs', 'webRequest', 'webRequestBlocking', 'declarativeNetRequest', 'proxy', 'cookies', 'history', 'identity', 'nativeMessaging', 'debugger', 'management'];
    expect(asked.filter((p) => forbidden.includes(p))).toEqual([]);
    // No host access beyond the content script's own matches, no door for other extensions or
    // pages to call in, and no files exposed to pages but the content script's own modules (its
    // import() is a request from the page: modules/content-modules.ts).
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.optional_host_permissions ?? []).toEqual([]);
    expect(asked.filter((p) => p.includes('://') || p === '<all_urls>')).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
    const packageModules = 'content-scripts/modules/*.js';
    expect(manifest.web_accessible_resources).toEqual(target === 'firefox-mv2' ? [packageModules] : [{ resources: [packageModules], matches: ['<all_urls>'] }]);
    // The content script's reach is explained too.
    for (const pattern of new Set((manifest.content_scripts ?? []).flatMap((c) => c.matches))) expect(section).toContain(`\`${pattern}\``);
  });
});

describe('our own code', () => {
  // Text from the knowledge base, glossaries, notes and pages reaches the DOM only as text: no
  // API that parses a string as HTML is used anywhere (the built bundles hold such code only in
  // Preact's unused dangerouslySetInnerHTML path, hence a check of the sources).
  const HTML_FROM_STRINGS = /dangerouslySetInnerHTML|\.(?:inner|outer)HTML\s*=(?!=)|insertAdjacentHTML\(|document\.write(?:ln)?\(|createContextualFragment\(|new DOMParser\(|\.srcdoc\s*=(?!=)/g;

  it('never parses a string as HTML', () => {
    const found = ['components', 'entrypoints', 'lib', 'platform'].flatMap((folder) =>
      filesUnder(join(ROOT, folder), ['.ts', '.tsx']).flatMap((file) => {
        // Comments may name these APIs; code may not.
        const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
        return [...code.matchAll(HTML_FROM_STRINGS)].map((m) => `${relative(ROOT, file)}: ${m[0]}`);
      }),
    );
    expect(found).toEqual([]);
  });
});
