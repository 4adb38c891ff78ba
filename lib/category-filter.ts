// "Which kinds of terms are marked" (a setting): detections of entries in other categories are
// dropped after detection rather than their aliases being left out of the matcher, so an
// unmarked longer term ("hepatic artery embolization", a procedure) never leaves a shorter term
// inside it ("embolization") marked in its place.
import type { AliasTable } from './alias-table';
import type { Detection, Detector } from './detect';
import type { Category } from './knowledge-schema';

/** The detector, keeping only entries whose category is in `categories`. */
export function withCategories(detector: Detector, table: AliasTable, categories: readonly Category[]): Detector {
  const allowed = new Set(categories);
  if (table.categories.every((category) => allowed.has(category))) return detector;
  const wanted = new Set(table.ids.filter((_, i) => allowed.has(table.categories[i] as Category)));
  return {
    detect: (text, options) => keepEntries(detector.detect(text, options), wanted),
    evidence: (pageText, mentions) => detector.evidence(pageText, mentions),
    pageDefinitions: (text) => detector.pageDefinitions(text),
  };
}

/** Drops unwanted entries from each detection, and detections left with none. */
export function keepEntries(detections: readonly Detection[], wanted: ReadonlySet<string>): Detection[] {
  return detections.flatMap((detection) => {
    const entryIds = detection.entryIds.filter((id) => wanted.has(id));
    if (entryIds.length === 0) return [];
    return [entryIds.length === detection.entryIds.length ? detection : { ...detection, entryIds }];
  });
}
