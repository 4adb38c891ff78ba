// The content script's modules, imported from the package (built by modules/content-modules.ts):
// the core every frame loads at start (detection, hit-testing, messaging), and the UI parts only
// frames that show a card or hold notes load (Preact, the card, notes anchoring). A module
// imported by a content script runs in the content script's isolated world, with the same
// extension APIs, and leaves no trace in the page's DOM.
import type * as CardUi from './card-ui';
import type * as Core from './core';
import type * as NotesUi from './notes/notes-ui';

type CardUiModule = typeof CardUi;
type CoreModule = typeof Core;
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

export const contentCore = lazy<CoreModule>(() => browser.runtime.getURL('/content-scripts/modules/core.js'));
export const cardUi = lazy<CardUiModule>(() => browser.runtime.getURL('/content-scripts/modules/card-ui.js'));
export const notesUi = lazy<NotesUiModule>(() => browser.runtime.getURL('/content-scripts/modules/notes-ui.js'));
