// Answers the notes messages from the store, and tells open tabs when notes change.
// Listing every note, importing and exporting are for extension pages (options, popup) only:
// a content script asks for its own page's notes.
import { exportNotesFile, parseNotesFile } from '../../lib/annotation-file';
import type { BackgroundRequest, BackgroundResponses, NotesChanged } from '../../lib/messages';
import { type NotesStore, openNotesStore } from './notes-store';

type NotesType = Extract<BackgroundRequest['type'], `notes:${string}`>;
type Handler<K extends NotesType> = (
  request: Extract<BackgroundRequest, { type: K }>,
  sender: Browser.runtime.MessageSender,
) => Promise<BackgroundResponses[K]>;
export type NotesHandlers = { [K in NotesType]: Handler<K> };

/** Sends `notesChanged` to every frame of every tab (content scripts) and to our open pages
 *  (options, popup); tabs without our script, or no open page, just fail quietly. */
export async function notifyTabs(message: NotesChanged): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all([
    browser.runtime.sendMessage(message).catch(() => undefined),
    ...tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message).catch(() => undefined))),
  ]);
}

function fromExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return sender.url?.startsWith(browser.runtime.getURL('/')) === true;
}

function requireExtensionPage(sender: Browser.runtime.MessageSender): void {
  if (!fromExtensionPage(sender)) throw new Error('Only Clinical Lens pages may list, import or export all notes.');
}

export function notesHandlers(store: NotesStore = openNotesStore(), notify: (message: NotesChanged) => Promise<void> = notifyTabs): NotesHandlers {
  // A failed notification must not turn a saved note into an error.
  const tell = (message: NotesChanged) => void notify(message).catch(() => undefined);
  return {
    'notes:listForPage': ({ pageKey }) => store.listForPage(pageKey),
    'notes:list': async (_request, sender) => {
      requireExtensionPage(sender);
      return store.listAll();
    },
    'notes:save': async ({ annotation }) => {
      const result = await store.save(annotation);
      if (result.stored) tell({ type: 'notesChanged', pageKey: annotation.target.source });
      return result.annotation;
    },
    'notes:delete': async ({ id }) => {
      const removed = await store.remove(id);
      if (removed) tell({ type: 'notesChanged', pageKey: removed.target.source });
      return removed !== null;
    },
    'notes:import': async ({ text }, sender) => {
      requireExtensionPage(sender);
      const parsed = parseNotesFile(text);
      if (!parsed.ok) throw new Error(parsed.error);
      const summary = await store.importMany(parsed.value.annotations);
      if (summary.added + summary.updated > 0) tell({ type: 'notesChanged' });
      return { ...summary, duplicates: parsed.value.duplicates };
    },
    'notes:export': async (_request, sender) => {
      requireExtensionPage(sender);
      return exportNotesFile(await store.listAll());
    },
  };
}
