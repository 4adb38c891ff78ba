// "Look up selection" from the browser's side: a context-menu item on selected text and a
// keyboard command. Both ask a content script to show its lookup card beside the selection: the
// menu asks the frame it was opened in, with the menu's text; the command asks every frame of the
// tab, and the frame that has focus answers (entrypoints/content/selection-lookup.ts). Where no
// content script runs (tabs opened before Clinical Lens was installed, pages it cannot read), the
// lookup opens in a small window instead, with the text already searched.
import type { ContentRequest } from '../../lib/messages';

export const LOOKUP_MENU_ID = 'clinical-lens-lookup-selection';
/** Declared with its suggested key in wxt.config.ts. */
export const LOOKUP_COMMAND = 'lookup-selection';

export interface LookupTarget {
  tabId: number;
  /** One frame (the menu's); undefined: every frame of the tab. */
  frameId?: number;
  /** The menu's selected text; undefined: the frame's own selection. */
  text?: string;
}

interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  frameId?: number;
}

/** Where a click on our menu item sends the lookup (null: not ours, or no tab). */
export function menuTarget(info: MenuClick, tab: { id?: number } | undefined): LookupTarget | null {
  if (info.menuItemId !== LOOKUP_MENU_ID || tab?.id === undefined || tab.id < 0) return null;
  return { tabId: tab.id, frameId: info.frameId ?? 0, text: info.selectionText };
}

/** Where the keyboard command sends the lookup (null: another command, or no tab). */
export function commandTarget(command: string, tab: { id?: number } | undefined): LookupTarget | null {
  if (command !== LOOKUP_COMMAND || tab?.id === undefined || tab.id < 0) return null;
  return { tabId: tab.id };
}

/** The popup page in its own window: the look-up for tabs without our content script. */
export function lookupWindowUrl(text: string | undefined): string {
  const query = text?.trim() ? `?q=${encodeURIComponent(text.trim().slice(0, 200))}` : '';
  return browser.runtime.getURL(`/popup.html${query}`);
}

export async function lookUpSelection(target: LookupTarget): Promise<void> {
  const request: ContentRequest = { type: 'lookupSelection', text: target.text };
  try {
    await (target.frameId === undefined
      ? browser.tabs.sendMessage(target.tabId, request)
      : browser.tabs.sendMessage(target.tabId, request, { frameId: target.frameId }));
  } catch {
    // No content script there to answer.
    await browser.windows.create({ url: lookupWindowUrl(target.text), type: 'popup', width: 420, height: 560 });
  }
}

/** Menu items outlive the service worker: created on install and update only. */
function createMenu(): void {
  browser.contextMenus.create({ id: LOOKUP_MENU_ID, title: 'Look up “%s”', contexts: ['selection'] }, () => {
    // An item left from before (the same id) is fine as it is; reading the error keeps it quiet.
    void browser.runtime.lastError;
  });
}

/** Registers the listeners; call synchronously in the background's main. */
export function listenForSelectionLookups(): void {
  browser.runtime.onInstalled.addListener(createMenu);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    const target = menuTarget(info, tab);
    if (target) void lookUpSelection(target);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    const target = commandTarget(command, tab);
    if (target) void lookUpSelection(target);
  });
}
