import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { knowledgePlugin } from './knowledge/vite-plugin';

export default defineConfig({
  plugins: [WxtVitest(), knowledgePlugin()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
