// The one detection function shared by the content script and the scan CLI: the matcher's
// mentions, resolved to knowledge ids.
import type { AliasTable } from './alias-table';
import { createMatcher } from './matcher';

export interface Detection {
  start: number;
  end: number;
  surface: string;
  entryIds: string[];
}

export interface Detector {
  detect(text: string): Detection[];
}

export function createDetector(table: AliasTable): Detector {
  const matcher = createMatcher(table);
  const idsOf = (entries: number[]) => entries.map((i) => table.ids[i] ?? '').filter(Boolean);
  return {
    detect(text) {
      return matcher.find(text).map((m) => ({ start: m.start, end: m.end, surface: text.slice(m.start, m.end), entryIds: idsOf(m.entries) }));
    },
  };
}
