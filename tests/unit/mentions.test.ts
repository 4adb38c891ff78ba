// @vitest-environment happy-dom
// The mention store: hit testing per text node, counts per entry, and forgetting what left.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Detection } from '../../lib/detect';
import { MentionStore } from '../../entrypoints/content/mentions';
import { type TextRun, walkSubtree } from '../../entrypoints/content/text-model';

function runsOf(root: Element): TextRun[] {
  const runs: TextRun[] = [];
  walkSubtree(root, { run: (run) => runs.push(run), shadowRoot: () => undefined }).step();
  return runs;
}

/** Detections of `words` in a run's text, as lib/detect would report them. */
function detect(run: TextRun, words: Record<string, string[]>): Detection[] {
  return Object.entries(words).flatMap(([word, entryIds]) => {
    const start = run.text.indexOf(word);
    return start < 0 ? [] : [{ start, end: start + word.length, surface: word, entryIds, confidence: 'plain' as const }];
  });
}

describe('MentionStore', () => {
  let added: Range[];
  let removed: Range[];
  let store: MentionStore;

  beforeEach(() => {
    added = [];
    removed = [];
    store = new MentionStore({ added: (range) => added.push(range), removed: (range) => removed.push(range) });
  });

  it('finds the mention under any character of it, across text nodes, and nothing beside it', () => {
    document.body.innerHTML = '<p>Done: hepatic <b>artery</b> embolization today</p>';
    const [run] = runsOf(document.body);
    store.setRun(run!, detect(run!, { 'hepatic artery embolization': ['hepatic-artery-embolization'] }), document, 1, true);
    const [first, bold, last] = run!.nodes;

    expect(store.at(first!, 6)?.surface).toBe('hepatic artery embolization');
    expect(store.at(bold!, 0)?.entryIds).toEqual(['hepatic-artery-embolization']);
    expect(store.at(last!, 12)?.surface).toBe('hepatic artery embolization'); // the final "n"
    expect(store.at(first!, 5)).toBeNull(); // the space before "hepatic"
    expect(store.at(last!, 13)).toBeNull(); // the space after "embolization"
    expect(store.at(first!, 6)?.range.toString()).toBe('hepatic artery embolization');
    expect(added).toHaveLength(1);
  });

  it('counts mentions per entry and replaces a rescanned run', () => {
    document.body.innerHTML = '<p>TACE with Lipiodol, then TACE again</p>';
    const [run] = runsOf(document.body);
    const twice: Detection[] = [
      { start: 0, end: 4, surface: 'TACE', entryIds: ['tace'], confidence: 'plain' },
      { start: 10, end: 18, surface: 'Lipiodol', entryIds: ['iodized-oil'], confidence: 'plain' },
      { start: 25, end: 29, surface: 'TACE', entryIds: ['tace'], confidence: 'plain' },
    ];
    store.setRun(run!, twice, document, 1, true);
    expect(store.entryCounts()).toEqual([
      { id: 'tace', count: 2 },
      { id: 'iodized-oil', count: 1 },
    ]);
    expect(store.frequentEntryIds()).toEqual(['tace', 'iodized-oil']);
    store.setRun(run!, twice.slice(1, 2), document, 1, false);
    expect(store.entryCounts()).toEqual([{ id: 'iodized-oil', count: 1 }]);
    expect(store.frequentEntryIds()).toEqual(['iodized-oil']);
    expect(removed).toHaveLength(3);
    expect(store.size).toBe(1);
  });

  it('forgets what was inside a removed subtree, and what a full rescan no longer saw', () => {
    document.body.innerHTML = '<div id="a"><p>TACE one</p></div><div id="b"><p>TACE two</p></div>';
    const runs = runsOf(document.body);
    for (const run of runs) store.setRun(run, detect(run, { TACE: ['tace'] }), document, 1, true);
    expect(store.size).toBe(2);

    const a = document.getElementById('a')!;
    a.remove();
    store.dropWithin(a);
    expect(store.size).toBe(1);
    expect(store.at(runs[0]!.nodes[0]!, 0)).toBeNull();

    // Generation 2 sees nothing of #b (say it became empty): the sweep drops it.
    store.sweep(document, 2);
    expect(store.size).toBe(0);
    expect(store.entryCounts()).toEqual([]);
  });
});
