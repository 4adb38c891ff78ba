// "Add note" from the browser's side: a context-menu item on selected text and a keyboard
// command, both opening the note editor on the selection (entrypoints/content/notes). The menu
// asks the frame it was opened in; the command asks every frame of the tab, and the frame that
// has focus acts. The command's key is the in-page shortcut's (Alt+Shift+N): where the browser
// binds it, the page never sees the key, so the editor opens once either way.
import type { ContentRequest } from '../../lib/messages';

export const ADD_NOTE_MENU_ID = 'clinical-lens-add-note';
/** Declared with its suggested key in wxt.config.ts. */
export const ADD_NOTE_COMMAND = 'add-note';

interface MenuClick {
  menuItemId: string | number;
  frameId?: number;
}

async function addNote(tabId: number, frameId?: number): Promise<void> {
  const request: ContentRequest = { type: 'addNote', focusedOnly: frameId === undefined };
  try {
    await (frameId === undefined ? browser.tabs.sendMessage(tabId, request) : browser.tabs.sendMessage(tabId, request, { frameId }));
  } catch {
    // No content script there (browser pages, tabs opened before install): nothing to annotate.
  }
}

/** Menu items outlive the service worker: created on install and update only. */
function createMenu(): void {
  browser.contextMenus.create({ id: ADD_NOTE_MENU_ID, title: 'Add note to “%s”', contexts: ['selection'] }, () => {
    // An item left from before (the same id) is fine as it is; reading the error keeps it quiet.
    void browser.runtime.lastError;
  });
}

/** Registers the listeners; call synchronously in the background's main. */
export function listenForNoteRequests(): void {
  browser.runtime.onInstalled.addListener(createMenu);
  browser.contextMenus.onClicked.addListener((info: MenuClick, tab) => {
    if (info.menuItemId !== ADD_NOTE_MENU_ID || tab?.id === undefined || tab.id < 0) return;
    void addNote(tab.id, info.frameId ?? 0);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== ADD_NOTE_COMMAND || tab?.id === undefined || tab.id < 0) return;
    void addNote(tab.id);
  });
}
