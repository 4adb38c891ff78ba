// @vitest-environment happy-dom
// The scanner over a page of several chunks: a first scan lets go of the text nodes of blocks
// without a mention as it reads them (so a large page's nodes need not live until the walk
// ends); that must lose no mark, wherever the terms fall among the chunks. Browser-level
// behaviour (highlights, frames, observers) is in tests/e2e/detection.spec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDetector } from '../../lib/detect';
import { createMatcher } from '../../lib/matcher';
import { MentionStore } from '../../entrypoints/content/mentions';
import { Scanner } from '../../entrypoints/content/scanner';
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';

/** The built-in table, compiled as the build does (this DOM environment cannot load the virtual module). */
const aliasTable = loadCompiledKnowledge().aliasTable;

const ARTICLE = readFileSync(join(__dirname, '../pages/demo/article.html'), 'utf8');
/** The demo article's body, the text our own demo shows. */
const articleBody = () => /<body[^>]*>([\s\S]*)<\/body>/i.exec(ARTICLE)?.[1] ?? '';

/** A paragraph of plain prose, no term in it, about 1 KB. */
const filler = (n: number) => `<p>Ward note ${n}: ${'the patient rested comfortably overnight and ate breakfast; observations were stable. '.repeat(12)}</p>`;

function scanInto(marks: string[]): { scanner: Scanner; store: MentionStore } {
  const store = new MentionStore({ added: (range) => marks.push(range.toString()), removed: () => undefined });
  const scanner = new Scanner({
    store,
    matcher: () => createMatcher(aliasTable),
    detector: () => createDetector(aliasTable),
    isValid: () => true,
    onShadowRoot: () => undefined,
    afterSlice: () => undefined,
  });
  return { scanner, store };
}

/** Resolves once the store has held the same number of mentions for a while. */
async function settled(store: MentionStore): Promise<void> {
  let last = -1;
  await vi.waitFor(
    () => {
      const now = store.size;
      const same = now === last;
      last = now;
      expect(same && now > 0).toBe(true);
    },
    { timeout: 10_000, interval: 150 },
  );
}

describe('scanner', () => {
  it('marks the same terms on a first scan, which lets go of blocks without one, as on a rescan, which keeps them', async () => {
    // The article three times, with 20 KB of prose without terms before, between and after, so
    // its terms land in several 16K chunks and whole chunks hold none.
    const filling = (from: number) => Array.from({ length: 20 }, (_, i) => filler(from + i)).join('');
    document.body.innerHTML = [filling(0), articleBody(), filling(20), articleBody(), filling(40), articleBody(), filling(60)].join('');
    expect(document.body.textContent?.length).toBeGreaterThan(4 * 16 * 1024);

    const first: string[] = [];
    const fresh = scanInto(first);
    fresh.scanner.scanRoot(document);
    await settled(fresh.store);

    // A second scan of the same root is not fresh: it keeps every run it reads, and replaces
    // what the store knew, so its marks are the reference.
    const again: string[] = [];
    const rescan = scanInto(again);
    rescan.scanner.scanRoot(document);
    await settled(rescan.store);
    const before = rescan.store.size;
    rescan.scanner.scanRoot(document);
    await vi.waitFor(() => expect(again.length).toBeGreaterThan(before));
    await settled(rescan.store);

    expect(first.length).toBeGreaterThan(30);
    expect(fresh.store.size).toBe(rescan.store.size);
    expect([...first].sort()).toEqual(again.slice(before).sort());
    // Terms from each copy of the article, wherever its chunk boundary fell.
    for (const term of ['hepatocellular carcinoma', 'iodized oil', 'gelatin sponge']) {
      expect(first.filter((surface) => surface.toLowerCase() === term).length, term).toBeGreaterThanOrEqual(3);
    }
  });

  it('finds nothing and marks nothing on a page of prose without terms', async () => {
    document.body.innerHTML = Array.from({ length: 80 }, (_, i) => filler(i)).join('');
    const marks: string[] = [];
    const { scanner, store } = scanInto(marks);
    scanner.scanRoot(document);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(store.size).toBe(0);
    expect(marks).toEqual([]);
  });
});
