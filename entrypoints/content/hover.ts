// Hover: pointer → character under it → mention → (after hover intent) the term card.
// One passive pointermove listener, sampled once per animation frame. The card's code and UI
// root are loaded and built ahead of time (prepare(), once the page is known to hold a term),
// out of the page: nothing is put in the page until a card is first shown.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { askBackground } from '../../platform/messaging';
import { onDocumentRewritten } from './document-rewrite';
import type { EntryClient } from './entry-client';
import { rectsContain, textAt } from './hit-test';
import { type Box, createHoverIntent, type HoverIntentOptions, type PointerSample, type Under } from './hover-intent';
import { cardUi } from './module-loaders';
import { isShortcut } from './shortcut';
import type { MentionHit, MentionLookup } from './mentions';
import type { Popover } from './popover';

export type HoverModifier = 'none' | 'alt' | 'shift' | 'ctrl';

export interface HoverOptions extends HoverIntentOptions {
  /** With a modifier, cards open only while that key is held. */
  modifier: HoverModifier;
}

export interface HoverController {
  /**
   * Loads and builds the card now (the page holds a term), asks for the entries of the terms
   * marked so far and rehearses a card, so the first hover waits neither for code (loaded and
   * compiled) nor for the background (which may have stopped by then and would have to start).
   */
  prepare(entryIds: readonly string[]): void;
  /** The glossary changed: answers already held may be out of date. */
  forgetEntries(): void;
  setOptions(options: Partial<HoverOptions>): void;
  /** Closes the card and drops one about to open (Clinical Lens was switched off here). */
  close(): void;
}

/** Entries asked for ahead of a hover: a page's most frequent terms, and at most one message
 * each. Terms beyond these are asked for when the pointer reaches them. */
const PREFETCH_ENTRIES = 24;

/** Moves keyboard focus into the open card (code, not key: layouts and Option on macOS vary). */
export const FOCUS_CARD_SHORTCUT = { altKey: true, shiftKey: true, code: 'KeyF' } as const;

interface Pointer {
  x: number;
  y: number;
  t: number;
  overCard: boolean;
  modifiers: { alt: boolean; shift: boolean; ctrl: boolean };
}

function sameMention(a: MentionHit, b: MentionHit): boolean {
  if (a === b) return true;
  const [x, y] = [a.range, b.range];
  return x.startContainer === y.startContainer && x.startOffset === y.startOffset && x.endContainer === y.endContainer && x.endOffset === y.endOffset;
}

function errorMessage(ctx: ContentScriptContext) {
  return (): string =>
    ctx.isInvalid
      ? 'Clinical Lens was updated or reloaded. Reload the page to use it here.'
      : 'Clinical Lens could not load this entry. Reload the page and try again.';
}

export function startHover(ctx: ContentScriptContext, mentions: MentionLookup, initial: Partial<HoverOptions> = {}): HoverController {
  const { modifier: initialModifier = 'none', ...intentOptions } = initial;
  let modifier: HoverModifier = initialModifier;
  let pointer: Pointer | null = null;
  let frameQueued = false;
  let popover: Popover | null = null;
  let popoverReady: Promise<Popover> | null = null;
  let entries: EntryClient | null = null;
  /** The term the pointer was on at the last sample. */
  let reached: MentionHit | null = null;
  let opening = 0;
  let returnFocusTo: HTMLElement | null = null;

  const getPopover = () => {
    popoverReady ??= cardUi.load().then(async (ui) => {
      const root = await ui.ensureUiRoot(ctx);
      const part = root.part('hover', ui.POPOVER_CSS);
      // Keyboard focus inside the card pins it open; tabbing out of it closes it.
      part.addEventListener('focusin', () => intent.setPinned(true));
      part.addEventListener('focusout', (event) => {
        const next = event.relatedTarget;
        if (next instanceof Node && part.contains(next)) return;
        intent.setPinned(false);
        if (next !== null) intent.dismiss();
      });
      entries = ui.createEntryClient((id) => askBackground({ type: 'getEntry', id }));
      popover = ui.createPopover(part, entries, { onDismiss: () => intent.dismiss(), errorMessage: errorMessage(ctx) });
      return popover;
    });
    // A failed load is tried again on the next hover.
    popoverReady.catch(() => (popoverReady = null));
    return popoverReady;
  };

  const focusInCard = () => {
    const card = popover?.card();
    const root = card?.getRootNode();
    return root instanceof ShadowRoot && root.activeElement !== null && !!card?.contains(root.activeElement);
  };

  const intent = createHoverIntent<MentionHit>(
    {
      schedule(fn, ms) {
        if (ms <= 0) {
          // No delay wanted: no task hop either (a busy page can hold timers back).
          let live = true;
          queueMicrotask(() => live && ctx.isValid && fn());
          return () => (live = false);
        }
        const id = ctx.setTimeout(fn, ms);
        return () => clearTimeout(id);
      },
      show(hit) {
        const at = pointer;
        const mine = ++opening;
        void getPopover().then((p) => {
          if (mine !== opening || !at || intent.current() !== hit) return;
          cardUi.loaded()?.existingUiRoot()?.settle();
          p.open({ range: hit.range, x: at.x, y: at.y }, hit.entryIds, hit.surface);
        }, () => undefined);
      },
      hide() {
        opening++;
        if (returnFocusTo && focusInCard()) returnFocusTo.focus({ preventScroll: true });
        returnFocusTo = null;
        popover?.close();
      },
      same: sameMention,
      stillUnder: (hit) => pointer !== null && !pointer.overCard && rectsContain(hit.range.getClientRects(), pointer.x, pointer.y),
      cardBox: (): Box | null => popover?.card()?.getBoundingClientRect() ?? null,
    },
    intentOptions,
  );

  const modifierHeld = (p: Pointer) => modifier === 'none' || p.modifiers[modifier];

  const underPointer = (p: Pointer): Under<MentionHit> => {
    if (p.overCard) return { kind: 'card' };
    if (!modifierHeld(p)) return { kind: 'none' };
    const point = textAt(p.x, p.y, mentions.shadowRoots());
    const hit = point && mentions.at(point.node, point.offset);
    return hit ? { kind: 'term', term: hit } : { kind: 'none' };
  };

  const sample = () => {
    frameQueued = false;
    if (!pointer) return;
    const at: PointerSample = { x: pointer.x, y: pointer.y, t: pointer.t };
    const under = underPointer(pointer);
    // Asked as soon as the pointer reaches a term (once, not every frame it rests there): the
    // answer, and a stopped worker's start, overlap the hover delay instead of following it.
    const term = under.kind === 'term' ? under.term : null;
    if (term && !(reached && sameMention(reached, term))) for (const id of term.entryIds) entries?.get(id).catch(() => undefined);
    reached = term;
    intent.update(at, under);
  };

  const queueSample = () => {
    if (frameQueued) return;
    frameQueued = true;
    ctx.requestAnimationFrame(sample);
  };

  const isInCard = (event: Event) => {
    const card = popover?.card();
    return !!card && event.composedPath().includes(card);
  };

  const onPointerMove = (event: PointerEvent) => {
    if (event.pointerType === 'touch') return;
    pointer = {
      x: event.clientX,
      y: event.clientY,
      t: event.timeStamp,
      overCard: isInCard(event),
      modifiers: { alt: event.altKey, shift: event.shiftKey, ctrl: event.ctrlKey },
    };
    queueSample();
  };

  // Leaving the window: nothing is under the pointer any more.
  const onPointerOut = (event: PointerEvent) => {
    if (event.relatedTarget !== null || !pointer) return;
    pointer = { ...pointer, overCard: false, x: -1, y: -1, t: event.timeStamp };
    queueSample();
  };

  // A click elsewhere (selecting text, following a link) closes the card and keeps it closed.
  const onPointerDown = (event: PointerEvent) => {
    if (intent.current() && !isInCard(event)) intent.dismiss();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!intent.current()) {
      // The modifier pressed while resting on a term opens its card.
      if (modifier !== 'none' && pointer && event.key.toLowerCase() === (modifier === 'ctrl' ? 'control' : modifier)) {
        pointer = { ...pointer, modifiers: { ...pointer.modifiers, [modifier]: true } };
        queueSample();
      }
      return;
    }
    if (event.key === 'Escape') {
      intent.dismiss();
      return;
    }
    if (isShortcut(event, FOCUS_CARD_SHORTCUT)) {
      event.preventDefault();
      const active = document.activeElement;
      returnFocusTo = active instanceof HTMLElement && active !== cardUi.loaded()?.existingUiRoot()?.host ? active : null;
      popover?.focus();
    }
  };

  // The same handler added twice is added once, so this may run again after a rewrite.
  const listen = () => {
    ctx.addEventListener(document, 'pointermove', onPointerMove, { passive: true, capture: true });
    ctx.addEventListener(document, 'pointerout', onPointerOut);
    ctx.addEventListener(document, 'pointerdown', onPointerDown, { capture: true });
    ctx.addEventListener(window, 'keydown', onKeyDown, { capture: true });
  };
  listen();
  onDocumentRewritten(ctx, listen);

  ctx.onInvalidated(() => popover?.close());

  return {
    prepare(entryIds) {
      void getPopover().then((card) => {
        const asked = entryIds.slice(0, PREFETCH_ENTRIES).map((id) => entries?.get(id).catch(() => null));
        void asked[0]?.then((view) => view && card.rehearse(view));
      }, () => undefined);
    },
    forgetEntries() {
      entries?.clear();
    },
    setOptions({ modifier: nextModifier, ...next }) {
      if (nextModifier) modifier = nextModifier;
      intent.setOptions(next);
    },
    close() {
      intent.dismiss();
    },
  };
}
