// The tab the popup was opened over, and its URL. Without the "tabs" permission the browser
// hides tab URLs, so the URL comes from our content script in that tab; a tab without it
// (browser pages, the web store) has no URL for us, and Clinical Lens does not run there.
import { useEffect, useState } from 'preact/hooks';
import { askTab } from '../../platform/messaging';

export interface ActiveTab {
  id: number;
  url: string | undefined;
}

export function useActiveTab(): ActiveTab | null | 'loading' {
  const [tab, setTab] = useState<ActiveTab | null | 'loading'>('loading');
  useEffect(() => {
    let live = true;
    const find = async (): Promise<ActiveTab | null> => {
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      if (active?.id === undefined) return null;
      const url = active.url ?? (await askTab(active.id, { type: 'pageUrl' }).catch(() => undefined));
      return { id: active.id, url };
    };
    find().then(
      (found) => live && setTab(found),
      () => live && setTab(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return tab;
}
