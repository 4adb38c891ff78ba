// The service worker: main stays synchronous and registers every listener at once, so an
// event that wakes the worker is never missed. Services load their data lazily.
import { migrateGlossary } from '../../platform/glossary-store';
import { answerBackgroundRequests } from '../../platform/messaging';
import { migrateSettings } from '../../platform/settings';
import { entryListHandlers } from './entry-list-service';
import { knowledgeHandlers } from './knowledge-service';
import { notesHandlers } from './notes-service';
import { listenForNoteRequests } from './note-menu';
import { listenForSelectionLookups } from './selection-lookup';

export default defineBackground(() => {
  answerBackgroundRequests({
    ...knowledgeHandlers(),
    ...notesHandlers(),
    ...entryListHandlers(),
  });
  listenForSelectionLookups();
  listenForNoteRequests();
  // Content scripts read the stored settings and glossary without migrating them (one read per
  // frame): a new version migrates them as soon as it is installed.
  browser.runtime.onInstalled.addListener(() => {
    void migrateSettings();
    void migrateGlossary();
  });
});
