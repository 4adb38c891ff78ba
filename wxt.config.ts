import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { knowledgePlugin } from './knowledge/vite-plugin';

// See https://wxt.dev/api/config.html
// CL_TAG gives parallel work its own output folder (e.g. CL_TAG=notes → .output-notes).
const tag = process.env.CL_TAG ? `-${process.env.CL_TAG}` : '';

/** The extension pages' CSP, set explicitly rather than left to the browser's default. */
const EXTENSION_CSP = "script-src 'self'; object-src 'self'";

export default defineConfig({
  outDir: `.output${tag}`,
  vite: () => ({ plugins: [preact(), knowledgePlugin()] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Clinical Lens',
    description: 'Documented clinical knowledge on hover, quick lookup and private notes on any page. Nothing leaves your device.',
    // contextMenus: the "Look up “…”" and "Add note to “…”" items on selected text (README, Permissions).
    permissions: ['storage', 'contextMenus'],
    // Only the extension's own scripts may run in its pages: no remote code, no eval.
    content_security_policy: manifestVersion === 2 ? EXTENSION_CSP : { extension_pages: EXTENSION_CSP },
    // Alt+Shift with a letter: rarely taken by browsers, pages or screen readers.
    commands: {
      'lookup-selection': { suggested_key: { default: 'Alt+Shift+L' }, description: 'Look up the selected text' },
      'add-note': { suggested_key: { default: 'Alt+Shift+N' }, description: 'Add a note to the selected text' },
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: { suggested_key: { default: 'Alt+Shift+K' }, description: 'Open the Clinical Lens search' },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'clinical-lens@clinical-lens.invalid',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
