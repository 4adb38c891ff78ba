// The popup's count of a tab's terms over all its frames: reports added up, and "every frame has
// answered" decided from the frame counts the reports carry, whatever order they arrive in.
import { describe, expect, it } from 'vitest';
import type { PageTermsReport } from '../../lib/messages';
import { everyFrameReported, sumReports } from '../../platform/page-terms';

const report = (top: boolean, frames: number, terms: [string, number][] = []): PageTermsReport => ({ top, frames, terms: terms.map(([id, count]) => ({ id, count })) });

describe('sumReports', () => {
  it('adds counts of the same entry across frames; most frequent first, ties by id', () => {
    expect(
      sumReports([
        report(true, 2, [
          ['tace', 1],
          ['iodized-oil', 2],
        ]),
        report(false, 0, [
          ['tace', 2],
          ['gelatin-sponge', 1],
        ]),
        report(false, 0, [['embolization', 1]]),
      ]),
    ).toEqual([
      { id: 'tace', count: 3 },
      { id: 'iodized-oil', count: 2 },
      { id: 'embolization', count: 1 },
      { id: 'gelatin-sponge', count: 1 },
    ]);
  });
});

describe('everyFrameReported', () => {
  it('waits for the top frame, even when a child answers first', () => {
    expect(everyFrameReported([report(false, 0)])).toBe(false);
    expect(everyFrameReported([report(false, 0), report(true, 1)])).toBe(true);
  });
  it('waits for every frame counted, nested ones included', () => {
    const top = report(true, 2);
    const withChild = report(false, 1);
    const leaf = report(false, 0);
    expect(everyFrameReported([top])).toBe(false);
    expect(everyFrameReported([top, leaf])).toBe(false);
    expect(everyFrameReported([top, leaf, withChild])).toBe(false);
    expect(everyFrameReported([top, leaf, withChild, report(false, 0)])).toBe(true);
  });
  it('a page without frames is done with its top frame’s report', () => {
    expect(everyFrameReported([report(true, 0)])).toBe(true);
  });
});
