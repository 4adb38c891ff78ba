import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { knowledgePlugin } from './knowledge/vite-plugin';

// See https://wxt.dev/api/config.html
// CL_TAG gives parallel work its own output folder (e.g. CL_TAG=notes → .output-notes).
const tag = process.env.CL_TAG ? `-${process.env.CL_TAG}` : '';

export default defineConfig({
  outDir: `.output${tag}`,
  vite: () => ({ plugins: [preact(), knowledgePlugin()] }),
  manifest: ({ browser }) => ({
    name: 'Clinical Lens',
    description: 'Documented clinical knowledge on hover, quick lookup and private notes on any page. Nothing leaves your device.',
    permissions: ['storage'],
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
