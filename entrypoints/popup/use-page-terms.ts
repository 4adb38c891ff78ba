// The terms Clinical Lens marked in the tab, from every frame (platform/page-terms.ts), with
// their list items from the background. Pages without our content script (browser pages, the
// web store, tabs opened before install) answer nothing: that is a state, not an error.
import { useEffect, useState } from 'preact/hooks';
import type { SearchHit } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';
import { collectPageTerms } from '../../platform/page-terms';

export type PageTerms = { status: 'loading' } | { status: 'unavailable' } | { status: 'found'; hits: SearchHit[]; counts: Record<string, number> };

export function usePageTerms(tabId: number | null, enabled: boolean): PageTerms {
  const [terms, setTerms] = useState<PageTerms>({ status: 'loading' });
  useEffect(() => {
    if (tabId === null || !enabled) {
      setTerms({ status: 'unavailable' });
      return undefined;
    }
    let live = true;
    setTerms({ status: 'loading' });
    collectPageTerms(tabId)
      .then(async (found) => {
        if (!found) {
          if (live) setTerms({ status: 'unavailable' });
          return;
        }
        const hits = found.length ? await askBackground({ type: 'listEntries', ids: found.slice(0, 50).map((t) => t.id) }) : [];
        if (live) setTerms({ status: 'found', hits, counts: Object.fromEntries(found.map((t) => [t.id, t.count])) });
      })
      .catch(() => live && setTerms({ status: 'unavailable' }));
    return () => {
      live = false;
    };
  }, [tabId, enabled]);
  return terms;
}
