// Notes in one frame, at the cost of one question per page: the notes UI and anchoring
// (notes-ui.ts) are loaded only when this page has notes, when the user selects text on it (to
// offer "Add note"), or when asked to add or show a note. Until then this watches for those
// moments only; once the notes UI runs it does everything and this steps aside.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isNotesChanged } from '../../../lib/messages';
import { askBackground } from '../../../platform/messaging';
import { onDocumentRewritten } from '../document-rewrite';
import { cardUi, notesUi } from '../module-loaders';
import { isShortcut } from '../shortcut';
import type { TextModel } from '../text-model';
import { currentKey } from './frame-key';
import { hasSelectedText } from './selected-range';
import type { InitialNotes, NotesUi } from './notes-ui';
import { ADD_NOTE_SHORTCUT } from './shortcut';

export interface PageNote {
  id: string;
  text: string;
  tags: string[];
  quote: string;
  /** Not found on the page as it is now: listed with its quote, never attached elsewhere. */
  orphan: boolean;
}

export interface NotesController {
  /** This frame's notes and whether each is on the page (for the popup's list). */
  list(): Promise<PageNote[]>;
  /** Scrolls to a note and opens its card; false for an orphan or an unknown id. */
  show(id: string): Promise<boolean>;
  /** Opens the editor for the current selection (context menu, command); false without one. */
  addFromSelection(): Promise<boolean>;
}

export function startNotes(ctx: ContentScriptContext, textModel: () => TextModel): NotesController {
  let ui: Promise<NotesUi> | null = null;
  let running = false;
  /** The page whose notes were last asked for, and that question. */
  let askedKey: string | null = null;
  let asking: Promise<unknown> = Promise.resolve();

  const start = (initial?: InitialNotes): Promise<NotesUi> => {
    ui ??= notesUi.load().then((module) => {
      running = true;
      return module.startNotesUi(ctx, textModel, initial);
    });
    ui.catch(() => {
      // The import failed (document.open() in a script-written frame aborts it): this page's
      // notes are asked for again when the document is rewritten, or on the next change.
      ui = null;
      askedKey = null;
    });
    return ui;
  };

  /** Asks for this page's notes once; a page with notes starts the notes UI to mark them. */
  const check = () => {
    const key = currentKey();
    if (ctx.isInvalid || ui || !key || key === askedKey) return;
    askedKey = key;
    asking = askBackground({ type: 'notes:listForPage', pageKey: key }).then(
      (annotations) => {
        if (annotations.length > 0 && key === currentKey()) return start({ key, annotations });
        return undefined;
      },
      // A reloaded extension or a stopped worker: asked again on the next change or navigation.
      () => (askedKey = null),
    );
  };

  const inOurUi = (node: Node | null) => {
    const host = cardUi.loaded()?.existingUiRoot()?.host;
    return !!host && !!node && (node === host || host.contains(node));
  };
  const selectionOnPage = () => {
    const selection = document.getSelection();
    return hasSelectedText(selection) && !inOurUi(selection.getRangeAt(0).startContainer);
  };
  const offerNote = () => {
    if (!running && ctx.isValid && selectionOnPage()) start().then((notes) => notes.checkSelection(), () => undefined);
  };

  const onMessage = (message: unknown) => {
    if (running || !isNotesChanged(message)) return;
    // Someone added a note for this page elsewhere (another tab, the popup, an import).
    if (message.pageKey === undefined || message.pageKey === currentKey()) {
      askedKey = null;
      check();
    }
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  // document.open() erases every listener on the document and window (ours included).
  const listen = () => {
    ctx.addEventListener(document, 'mouseup', (event: MouseEvent) => {
      if (!running && !inOurUi(event.target as Node)) ctx.setTimeout(offerNote, 0);
    });
    ctx.addEventListener(document, 'keyup', (event: KeyboardEvent) => {
      if (!running && (event.shiftKey || event.key === 'Shift')) offerNote();
    });
    ctx.addEventListener(
      window,
      'keydown',
      (event: KeyboardEvent) => {
        if (running || !isShortcut(event, ADD_NOTE_SHORTCUT)) return;
        if (!selectionOnPage()) return;
        event.preventDefault();
        start().then((notes) => notes.addFromSelection(), () => undefined);
      },
      { capture: true },
    );
    // SPA navigation: the new page may have notes.
    for (const type of ['wxt:locationchange', 'popstate', 'hashchange']) ctx.addEventListener(window, type as 'popstate', () => running || check());
    const navigation = (window as { navigation?: EventTarget }).navigation;
    if (navigation) ctx.addEventListener(navigation, 'navigatesuccess', () => running || check());
  };
  listen();
  onDocumentRewritten(ctx, () => {
    listen();
    if (!running) check();
  });
  check();
  // Text selected before this script started (it starts once its module has loaded, a moment
  // after the page) gets its button too.
  offerNote();

  /** The notes UI once the pending question about this page's notes is answered, if it runs. */
  const settled = async (): Promise<NotesUi | null> => {
    await asking.catch(() => undefined);
    return ui ? ui.catch(() => null) : null;
  };

  return {
    list: async () => (await settled())?.list() ?? [],
    show: async (id) => (await settled())?.show(id) ?? false,
    addFromSelection: async () => (await start()).addFromSelection(),
  };
}
