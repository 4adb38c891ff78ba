// The content script WXT injects is a small loader; what it runs is ES modules it imports from
// the extension's package: the core every frame needs (detection, hover hit-testing, messaging),
// which Chromium compiles off the main thread and caches, and the hover card and notes UI
// (Preact, floating-ui, valibot checks of the entries, notes anchoring), imported on first need.
// WXT builds content scripts as single IIFE files and cannot split them, so this module builds
// the modules itself, once the extension is built, with the content script's own Vite config
// (same plugins, virtual modules and WXT globals).
import { resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import { defineWxtModule } from 'wxt/modules';

/** Where the modules land in the package; entrypoints/content/module-loaders.ts imports from here. */
const MODULES_DIR = 'content-scripts/modules';
/**
 * Entry name → source, relative to entrypoints/, in separate builds: the core alone, so it
 * carries nothing its modules do not use (chunks shared with the UI would bring valibot, which
 * the UI's checks need); the UI parts together, sharing their chunks (Preact, the UI root), so the
 * page gets one UI root whatever loads first.
 */
const BUILDS = [
  { core: 'content/core.ts' },
  {
    'card-ui': 'content/card-ui.ts',
    'notes-ui': 'content/notes/notes-ui.ts',
  },
];

export default defineWxtModule((wxt) => {
  let contentConfig: InlineConfig | undefined;
  wxt.hooks.hook('vite:build:extendConfig', (entrypoints, config) => {
    if (entrypoints.some((e) => e.name === 'content')) contentConfig = config;
  });

  wxt.hooks.hook('build:done', async () => {
    if (!contentConfig) throw new Error('content-modules: the content script was not built, so its modules cannot be');
    const { rollupOptions: _, rolldownOptions: __, ...contentBuild } = contentConfig.build ?? {};
    for (const entries of BUILDS) {
      await build({
        ...contentConfig,
        build: {
          ...contentBuild,
          lib: false,
          outDir: wxt.config.outDir,
          emptyOutDir: false,
          // Vite's preload helper would add <link rel=modulepreload> elements to the page's DOM.
          modulePreload: false,
          rolldownOptions: {
            input: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, resolve(wxt.config.entrypointsDir, path)])),
            preserveEntrySignatures: 'strict',
            output: { format: 'es', entryFileNames: `${MODULES_DIR}/[name].js`, chunkFileNames: `${MODULES_DIR}/[name]-[hash].js` },
          },
        },
      });
    }
  });

  wxt.hooks.hook('build:manifestGenerated', (_, manifest) => {
    // A content script's import() of a package file is a request from the page's origin, so the
    // files must be web accessible. Not with use_dynamic_url, though it would hide them from
    // pages probing a fixed URL: Chromium then redirects the content script's import to
    // chrome-extension://invalid/ and it fails (https://issues.chromium.org/363027634; checked
    // on Chromium 156). Pages that hold terms can tell we are there anyway: our highlight's
    // name is in their CSS.highlights. Written in MV3's shape: WXT turns it into MV2's list.
    const resource = { resources: [`${MODULES_DIR}/*.js`], matches: ['<all_urls>'] };
    manifest.web_accessible_resources = [...(manifest.web_accessible_resources ?? []), resource] as typeof manifest.web_accessible_resources;
  });

  wxt.hooks.hook('prepare:publicPaths', (_, paths) => {
    paths.push(...BUILDS.flatMap((entries) => Object.keys(entries)).map((name) => `${MODULES_DIR}/${name}.js`));
  });
});
