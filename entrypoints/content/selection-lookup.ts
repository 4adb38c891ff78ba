// "Look up selection" in this frame. The context menu sends the menu's text to the frame it was
// opened in; the keyboard command reaches every frame and only the frame with focus answers,
// with its own selection. A card beside the selection shows the best matches (the background's
// lookup: exact aliases first, fuzzy after; lib/lookup-choices.ts), or says plainly that none
// matched. The card takes keyboard focus; Escape, its close button or a click elsewhere closes
// it and gives focus back.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { lookupChoices, lookupQuery } from '../../lib/lookup-choices';
import type { SearchHit } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';
import { onDocumentRewritten } from './document-rewrite';
import type { EntryClient } from './entry-client';
import { cardUi } from './module-loaders';
import type { AnchorRange, Popover, PopoverAnchor } from './popover';

export interface SelectionLookup {
  /** Looks up `text`, or without it (the command) this frame's selection if this frame has
   * focus. True when this frame showed the card. */
  show(text?: string): Promise<boolean>;
  /** The glossary changed: answers already held may be out of date. */
  forgetEntries(): void;
}

/** Whether keyboard focus is in this frame itself, not in a frame inside it. */
export function focusIsHere(): boolean {
  const active = document.activeElement;
  return document.hasFocus() && !(active instanceof HTMLIFrameElement || active instanceof HTMLFrameElement);
}

/** Text fields keep their selection to themselves: the field is what the card sits beside. */
function fieldSelection(): { text: string; range: AnchorRange } | null {
  const field = document.activeElement;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return null;
  let start: number | null = null;
  let end: number | null = null;
  try {
    ({ selectionStart: start, selectionEnd: end } = field);
  } catch {
    return null; // input types without a text selection (email, number) throw
  }
  if (start === null || end === null || end <= start) return null;
  const range = document.createRange();
  range.selectNode(field);
  return { text: field.value.slice(start, end), range };
}

function pageSelection(): { text: string; range: AnchorRange } | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  return { text: selection.toString(), range: selection.getRangeAt(0).cloneRange() };
}

/** With nothing selected, the card stands at the top of the viewport. */
function viewportTop(): AnchorRange {
  const rect = () => new DOMRect(window.innerWidth / 2, 8, 0, 0);
  return { getBoundingClientRect: rect, getClientRects: () => [rect()], startContainer: document.documentElement };
}

/** Beside the end of the selection, where the pointer or caret usually is. */
function anchorAt(range: AnchorRange): PopoverAnchor {
  const rects = [...range.getClientRects()];
  const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
  return { range, x: last.right - 1, y: last.top + last.height / 2 };
}

export function createSelectionLookup(ctx: ContentScriptContext): SelectionLookup {
  let popover: Popover | null = null;
  let popoverReady: Promise<Popover> | null = null;
  let entries: EntryClient | null = null;
  let returnFocusTo: HTMLElement | null = null;
  let asked = 0;

  const close = (restoreFocus: boolean) => {
    asked++;
    if (!popover?.card()) return;
    const focus = returnFocusTo;
    returnFocusTo = null;
    popover.close();
    if (restoreFocus && focus?.isConnected) focus.focus({ preventScroll: true });
  };

  const getPopover = () => {
    popoverReady ??= cardUi.load().then(async (ui) => {
      const root = await ui.ensureUiRoot(ctx);
      entries = ui.createEntryClient((id) => askBackground({ type: 'getEntry', id }));
      popover = ui.createPopover(root.part('lookup', ui.POPOVER_CSS), entries, {
        onDismiss: () => close(true),
        errorMessage: () =>
          ctx.isInvalid ? 'Clinical Lens was updated or reloaded. Reload the page to use it here.' : 'Clinical Lens could not load this entry. Try again.',
      });
      return popover;
    });
    // A failed load is tried again on the next look-up.
    popoverReady.catch(() => (popoverReady = null));
    return popoverReady;
  };

  const isInCard = (event: Event) => {
    const card = popover?.card();
    return !!card && event.composedPath().includes(card);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && popover?.card()) close(true);
  };
  const onPointerDown = (event: PointerEvent) => {
    if (popover?.card() && !isInCard(event)) close(false);
  };
  // The same handler added twice is added once, so this may run again after a rewrite.
  const listen = () => {
    ctx.addEventListener(window, 'keydown', onKeyDown, { capture: true });
    ctx.addEventListener(document, 'pointerdown', onPointerDown, { capture: true });
  };
  listen();
  onDocumentRewritten(ctx, listen);
  ctx.onInvalidated(() => popover?.close());

  return {
    forgetEntries() {
      entries?.clear();
    },
    async show(text) {
      if (text === undefined && !focusIsHere()) return false;
      const mine = ++asked;
      const selected = fieldSelection() ?? pageSelection();
      const query = lookupQuery(text ?? selected?.text);
      const anchor = anchorAt(selected?.range ?? viewportTop());
      const card = await getPopover();
      if (mine !== asked) return false;
      cardUi.loaded()?.existingUiRoot()?.settle();
      if (!card.card()) {
        const active = document.activeElement;
        returnFocusTo = active instanceof HTMLElement && active !== cardUi.loaded()?.existingUiRoot()?.host ? active : null;
      }
      if (!query.ok) {
        card.openMessage(anchor, query.message);
        card.focus();
        return true;
      }
      card.openMessage(anchor, `Looking up “${query.text}”…`);
      card.focus();
      let hits: SearchHit[];
      try {
        hits = await askBackground({ type: 'lookup', text: query.text });
      } catch {
        if (mine === asked) card.openMessage(anchor, 'Clinical Lens could not look this up. Reload the page and try again.');
        return true;
      }
      if (mine !== asked) return true;
      const choices = lookupChoices(query.text, hits);
      if (choices) card.open(anchor, choices.ids, query.text, choices.title);
      else card.openMessage(anchor, `No entry matches “${query.text}”.`);
      return true;
    },
  };
}
