// Recently opened entries as list items, following changes.
import { useEffect, useState } from 'preact/hooks';
import type { SearchHit } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';
import { getRecentLookups, recentLookupsItem } from '../../platform/recent-lookups';

export function useRecent(): SearchHit[] {
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    let live = true;
    // Loads can overlap (the first one is slow while the worker starts): only the newest counts.
    let newest = 0;
    const load = async () => {
      const mine = ++newest;
      const ids = await getRecentLookups();
      const items = ids.length ? await askBackground({ type: 'listEntries', ids }) : [];
      if (live && mine === newest) setHits(items);
    };
    void load().catch(() => undefined);
    const unwatch = recentLookupsItem.watch(() => void load().catch(() => undefined));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return hits;
}
