// The notes of the tab's page, from its top frame's content script, or why there are none to
// list: notes locked (the background's lock), or no content script in the tab.
import { useEffect, useState } from 'preact/hooks';
import type { NoteOnPage } from '../../lib/messages';
import { askBackground, askTab } from '../../platform/messaging';

export type PageNotes = { status: 'loading' } | { status: 'unavailable' } | { status: 'locked' } | { status: 'found'; notes: NoteOnPage[] };

export function usePageNotes(tabId: number | null): PageNotes {
  const [notes, setNotes] = useState<PageNotes>({ status: 'loading' });
  useEffect(() => {
    if (tabId === null) {
      setNotes({ status: 'unavailable' });
      return undefined;
    }
    let live = true;
    const find = async (): Promise<PageNotes> => {
      // Locked notes are hidden from every page; say so rather than "no notes".
      const lock = await askBackground({ type: 'notes:lockStatus' }).catch(() => 'none' as const);
      if (lock === 'locked') return { status: 'locked' };
      const found = await askTab(tabId, { type: 'notesOnPage' }).catch(() => null);
      return found ? { status: 'found', notes: found } : { status: 'unavailable' };
    };
    void find().then((found) => live && setNotes(found));
    return () => {
      live = false;
    };
  }, [tabId]);
  return notes;
}
