import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { knowledgePlugin } from './knowledge/vite-plugin';

export default defineConfig({
  plugins: [WxtVitest(), knowledgePlugin()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    reporters: ['default', ['json', { outputFile: `test-results${process.env.CL_TAG ? `-${process.env.CL_TAG}` : ''}/unit.json` }]],
  },
});
