import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { knowledgePlugin } from './knowledge/vite-plugin';

// See https://wxt.dev/api/config.html
export default defineConfig({
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
