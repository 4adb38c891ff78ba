// The UI half of the content script, imported from the package on first need (built by
// modules/lazy-content-ui.ts): every frame pays only for detection and hit-testing at start-up,
// and only frames that show a card or hold notes load Preact, the card and notes anchoring.
// A module imported by a content script runs in the content script's isolated world, with the
// same extension APIs, and leaves no trace in the page's DOM.
import type * as CardUi from './card-ui';
import type * as NotesUi from './notes/notes-ui';

type CardUiModule = typeof CardUi;
type NotesUiModule = typeof NotesUi;

interface Lazy<T> {
  load(): Promise<T>;
  /** The module if it has loaded, without loading it. */
  loaded(): T | undefined;
}

function lazy<T>(url: () => string): Lazy<T> {
  let loading: Promise<T> | undefined;
  let module: T | undefined;
  return {
    load() {
      // Started in a then(): after an update runtime.getURL throws, and that must reject, not throw.
      loading ??= Promise.resolve()
        .then(() => import(/* @vite-ignore */ url()) as Promise<T>)
        .then(
          (m) => (module = m),
          (error: unknown) => {
            // Tried again on the next need (document.open() aborts a load in progress).
            loading = undefined;
            throw error;
          },
        );
      return loading;
    },
    loaded: () => module,
  };
}

export const cardUi = lazy<CardUiModule>(() => browser.runtime.getURL('/content-scripts/lazy/card-ui.js'));
export const notesUi = lazy<NotesUiModule>(() => browser.runtime.getURL('/content-scripts/lazy/notes-ui.js'));
