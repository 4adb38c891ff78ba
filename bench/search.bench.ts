// Per-keystroke search time with a personal glossary of 100 and of 10,000 entries, through the
// code the background runs (lib/search.ts over the compiled knowledge's prebuilt index plus the
// glossary), typing queries one character at a time. Run: npx tsx bench/search.bench.ts
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createEntrySearch, searchAll } from '../lib/search';
import { loadCompiledKnowledge } from '../knowledge/vite-plugin';
import { syntheticGlossary } from './synthetic-glossary';

const SEARCH_LIMIT = 20; // what the popup asks for
const ROUNDS = 3;
export const QUERIES = ['lipidol', 'chemoembolisation', 'gelfom', 'polyvinyl', '明胶海绵', 'hepatic artery embolisation', 'cardiomyopaty', 'vasculr stent'];

export interface SearchBenchResult {
  glossaryEntries: number;
  keystrokes: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Re-indexing the glossary after it changes (import, edit). */
  rebuildMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function runSearchBench(sizes: readonly number[] = [100, 10_000]): SearchBenchResult[] {
  const knowledge = loadCompiledKnowledge();
  const builtIn = createEntrySearch(knowledge.entries, { prebuiltIndex: knowledge.fuseIndex });
  return sizes.map((size) => {
    const glossary = syntheticGlossary(size);
    const rebuildStart = performance.now();
    const personal = createEntrySearch(glossary, { idPrefix: 'user:' });
    const rebuildMs = performance.now() - rebuildStart;
    const keystrokes = QUERIES.flatMap((q) => Array.from(q, (_, i) => q.slice(0, i + 1)));
    for (const text of keystrokes) searchAll([builtIn, personal], text, SEARCH_LIMIT); // warm-up (JIT)
    const times = Array.from({ length: ROUNDS }, () => keystrokes).flat().map((text) => {
      const start = performance.now();
      searchAll([builtIn, personal], text, SEARCH_LIMIT);
      return performance.now() - start;
    });
    const sorted = [...times].sort((a, b) => a - b);
    return { glossaryEntries: size, keystrokes: times.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted[sorted.length - 1] ?? NaN, rebuildMs };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const round = (ms: number) => Math.round(ms * 100) / 100;
  console.log(`Per-keystroke search (built-in knowledge + personal glossary), ms; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs:`);
  console.table(
    runSearchBench().map((r) => ({
      'glossary entries': r.glossaryEntries,
      keystrokes: r.keystrokes,
      median: round(r.medianMs),
      p95: round(r.p95Ms),
      max: round(r.maxMs),
      'glossary re-index': round(r.rebuildMs),
    })),
  );
}
