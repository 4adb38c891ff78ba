// Answers the notes messages from the store and the passphrase lock, and tells open tabs when
// notes change. Listing every note, importing, exporting and managing the lock are for extension
// pages (options, popup) only: a content script asks for its own page's notes. While notes are
// locked a page's list is empty, so no note shows anywhere until they are unlocked.
import { exportNotesFile, parseNotesFile } from '../../lib/annotation-file';
import type { BackgroundRequest, BackgroundResponses, NotesChanged } from '../../lib/messages';
import { createNotesLock, type NotesLock, type UnlockSession } from './notes-lock';
import { NOTES_DB_NAME, NotesError, NotesLockedError, type NotesStore, openNotesStore } from './notes-store';

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
  if (!fromExtensionPage(sender)) throw new Error('Only Clinical Lens pages may list, import or export all notes, or manage the lock.');
}

export interface Notes {
  store: NotesStore;
  lock: NotesLock;
}

/** The notes database and its lock: the store asks the lock how to seal and open records. */
export function openNotes(name: string = NOTES_DB_NAME, options: { session?: UnlockSession; iterations?: number } = {}): Notes {
  let lock: NotesLock | null = null;
  const store = openNotesStore(name, () => lock!.codec());
  lock = createNotesLock(store, options);
  return { store, lock };
}

export const DELETED_MESSAGE = 'This note was deleted (in another tab or window) after this version was written, so it was not saved again.';

export function notesHandlers({ store, lock }: Notes = openNotes(), notify: (message: NotesChanged) => Promise<void> = notifyTabs): NotesHandlers {
  // A failed notification must not turn a saved note into an error.
  const tell = (message: NotesChanged) => void notify(message).catch(() => undefined);
  /** Every page and open settings page reads its notes again: shown, or hidden when locked. */
  const lockChanged = async () => {
    tell({ type: 'notesChanged' });
    return lock.status();
  };
  return {
    'notes:listForPage': async ({ pageKey }) => {
      try {
        return await store.listForPage(pageKey);
      } catch (error) {
        if (error instanceof NotesLockedError) return [];
        throw error;
      }
    },
    'notes:list': async (_request, sender) => {
      requireExtensionPage(sender);
      return store.listAll();
    },
    'notes:save': async ({ annotation }) => {
      const result = await store.save(annotation);
      if (result.status === 'deleted') throw new NotesError(DELETED_MESSAGE);
      if (result.status === 'stored') tell({ type: 'notesChanged', pageKey: annotation.target.source });
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
    'notes:lockStatus': () => lock.status(),
    'notes:lock': async () => {
      await lock.lock();
      return lockChanged();
    },
    'notes:setLock': async ({ passphrase }, sender) => {
      requireExtensionPage(sender);
      await lock.set(passphrase);
      return lockChanged();
    },
    'notes:unlock': async ({ passphrase }, sender) => {
      requireExtensionPage(sender);
      await lock.unlock(passphrase);
      return lockChanged();
    },
    'notes:removeLock': async ({ passphrase }, sender) => {
      requireExtensionPage(sender);
      await lock.remove(passphrase);
      return lockChanged();
    },
    'notes:changePassphrase': async ({ current, next }, sender) => {
      requireExtensionPage(sender);
      await lock.change(current, next);
      return lockChanged();
    },
  };
}
