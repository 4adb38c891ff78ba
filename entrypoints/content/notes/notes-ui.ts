// Notes in one frame, once started (index.ts loads this module when the page has notes or the
// user selects text): load this page's notes from the background, anchor them on the text
// model and mark them; select text → "Add note" (or Alt+Shift+N) → editor; click a marked
// passage → its card (edit, delete). Re-anchors after the page changes (debounced) and on SPA
// navigation, which also switches to the new page's notes. Nothing is created in the page
// until there is something to show; everything stops when the context dies.
import { h, render } from 'preact';
import * as v from 'valibot';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { normalize } from '../../../lib/anchoring/normalize';
import { type Annotation, createAnnotation, editAnnotation, noteTags, noteText, quoteOf } from '../../../lib/annotation';
import { NotesChangedSchema } from '../../../lib/messages';
import { askBackground } from '../../../platform/messaging';
import { onDocumentRewritten } from '../document-rewrite';
import { textAt } from '../hit-test';
import { isShortcut } from '../shortcut';
import type { TextModel } from '../text-model';
import { ensureUiRoot, existingUiRoot } from '../ui-root';
import { currentKey } from './frame-key';
import { createNoteHighlights } from './highlights';
import type { PageNote } from './index';
import { type Layer, type LayerActions, NotesLayer, type Point } from './NotesLayer';
import NOTES_CSS from './notes.css?inline';
import { describeSelection, type NewPassage, type PlacedNote, placeNotes } from './place-notes';
import { hasSelectedText, selectedRange } from './selected-range';
import { ADD_NOTE_SHORTCUT } from './shortcut';

/** Quiet time after the page's last change before notes are anchored again… */
const REANCHOR_DELAY_MS = 400;
/** …but no longer than this after the first change, on pages that never stop changing. */
const REANCHOR_MAX_WAIT_MS = 2_000;

export interface NotesUi {
  list(): PageNote[];
  /** Scrolls to a note and opens its card; false for an orphan or an unknown id. */
  show(id: string): boolean;
  /** Opens the editor for the current selection; false without one. */
  addFromSelection(): boolean;
  /** Offers "Add note" for the current selection (made before this module was loaded). */
  checkSelection(): void;
}

/** This page's notes, when the caller has already read them. */
export interface InitialNotes {
  key: string;
  annotations: Annotation[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startNotesUi(ctx: ContentScriptContext, textModel: () => TextModel, initial?: InitialNotes): NotesUi {
  let key = currentKey();
  let annotations: Annotation[] = [];
  let placed: PlacedNote[] = [];
  let model: TextModel | null = null;
  let layer: Layer = { kind: 'none' };
  let pending: NewPassage | null = null;
  /** The note whose card or editor is open (null: a new note). */
  let current: PlacedNote | null = null;
  let returnFocusTo: HTMLElement | null = null;
  let loads = 0;
  let reanchorTimer = 0;
  let changedSince = 0;
  const highlights = createNoteHighlights();
  const observedRoots = new Set<Node>();

  const getModel = () => (model ??= textModel());

  // ---- drawing ------------------------------------------------------------------------------
  let part: HTMLElement | null = null;
  const draw = () => {
    if (!part) {
      if (layer.kind === 'none') return;
      void ensureUiRoot(ctx).then((root) => {
        part = root.part('notes', NOTES_CSS);
        draw();
      });
      return;
    }
    if (layer.kind !== 'none') existingUiRoot()?.settle();
    render(h(NotesLayer, { layer, actions }), part);
  };

  const setLayer = (next: Layer) => {
    if (layer.kind !== 'editor' && layer.kind !== 'card' && (next.kind === 'editor' || next.kind === 'card')) {
      const active = document.activeElement;
      returnFocusTo = active instanceof HTMLElement && active !== existingUiRoot()?.host ? active : null;
    }
    layer = next;
    draw();
  };

  const close = () => {
    const wasOpen = layer.kind === 'editor' || layer.kind === 'card';
    current = null;
    pending = null;
    highlights.focus(null);
    setLayer({ kind: 'none' });
    if (wasOpen) returnFocusTo?.focus({ preventScroll: true });
    returnFocusTo = null;
  };

  // ---- anchoring ----------------------------------------------------------------------------
  const observer = new MutationObserver((records) => {
    const host = existingUiRoot()?.host;
    if (host && records.every((r) => host.contains(r.target))) return;
    model = null;
    if (annotations.length === 0) return;
    const now = performance.now();
    changedSince ||= now;
    clearTimeout(reanchorTimer);
    reanchorTimer = ctx.setTimeout(place, Math.max(0, Math.min(REANCHOR_DELAY_MS, changedSince + REANCHOR_MAX_WAIT_MS - now)));
  });
  const observe = (root: Node) => {
    if (observedRoots.has(root)) return;
    observedRoots.add(root);
    observer.observe(root, { childList: true, characterData: true, subtree: true });
  };
  observe(document);

  function place() {
    changedSince = 0;
    if (!ctx.isValid) return;
    if (annotations.length === 0) {
      placed = [];
      highlights.set([]);
    } else {
      model = textModel();
      model.shadowRoots.forEach(observe);
      placed = placeNotes(model, annotations);
      highlights.set(placed.flatMap((p) => (p.range ? [p.range] : [])));
    }
    if (current) {
      current = placed.find((p) => p.annotation.id === current?.annotation.id) ?? null;
      // Deleted elsewhere, or notes were locked: its card or editor must not stay open.
      if (current) highlights.focus(current.range);
      else close();
    }
  }

  const load = () => {
    const mine = ++loads;
    const forKey = key;
    if (!forKey) {
      annotations = [];
      place();
      return;
    }
    askBackground({ type: 'notes:listForPage', pageKey: forKey }).then(
      (list) => {
        if (mine !== loads || forKey !== key) return;
        annotations = list;
        place();
      },
      // A reloaded extension or a stopped worker: notes stay as last shown.
      () => undefined,
    );
  };

  const onNavigate = () => {
    const next = currentKey();
    if (next === key) return;
    key = next;
    annotations = [];
    place();
    close();
    load();
  };
  const listenForNavigation = () => {
    // WXT's watcher polls the URL: it catches pushState where the Navigation API is missing.
    ctx.addEventListener(window, 'wxt:locationchange', onNavigate);
    ctx.addEventListener(window, 'popstate', onNavigate);
    ctx.addEventListener(window, 'hashchange', onNavigate);
    // The Navigation API reports same-document navigations (pushState by the page) at once.
    const navigation = (window as { navigation?: EventTarget }).navigation;
    if (navigation) ctx.addEventListener(navigation, 'navigatesuccess', onNavigate);
  };

  const onMessage = (incoming: unknown) => {
    if (!v.is(NotesChangedSchema, incoming)) return;
    if (incoming.pageKey === undefined || incoming.pageKey === key) load();
  };
  browser.runtime.onMessage.addListener(onMessage);

  // ---- saving -------------------------------------------------------------------------------
  const stored = (annotation: Annotation) => {
    annotations = [...annotations.filter((a) => a.id !== annotation.id), annotation];
    place();
  };

  const actions: LayerActions = {
    add() {
      if (!pending) return;
      const quote = normalize(pending.range.toString()).trim();
      setLayer({ kind: 'editor', at: layer.kind === 'none' ? { x: 16, y: 16 } : layer.at, quote, text: '', tags: [] });
    },
    async save(text, tags) {
      if (layer.kind !== 'editor') return;
      const at = layer.at;
      try {
        if (current) {
          stored(await askBackground({ type: 'notes:save', annotation: editAnnotation(current.annotation, { text, tags }) }));
        } else if (pending && key) {
          const annotation = createAnnotation({ source: key, selectors: pending.selectors, anchorVersion: pending.version, occurrence: pending.occurrence, text, tags });
          stored(await askBackground({ type: 'notes:save', annotation }));
          document.getSelection()?.removeAllRanges();
        }
        close();
      } catch (error) {
        if (layer.kind === 'editor') setLayer({ ...layer, at, error: message(error) });
      }
    },
    edit() {
      if (!current || layer.kind !== 'card') return;
      const { annotation } = current;
      setLayer({ kind: 'editor', at: layer.at, quote: quoteOf(annotation)?.exact ?? '', text: noteText(annotation), tags: noteTags(annotation) });
    },
    async remove() {
      if (!current || layer.kind !== 'card') return;
      const { id } = current.annotation;
      try {
        await askBackground({ type: 'notes:delete', id });
        annotations = annotations.filter((a) => a.id !== id);
        close();
        place();
      } catch (error) {
        setLayer({ ...layer, error: message(error) });
      }
    },
    close,
  };

  // ---- selection → "Add note" ---------------------------------------------------------------
  const inOurUi = (node: Node | null) => {
    const host = existingUiRoot()?.host;
    return !!host && !!node && (node === host || host.contains(node));
  };

  /** The selection as a new passage, or null (nothing selected, not page text). */
  const selectedPassage = (): NewPassage | null => {
    const selection = document.getSelection();
    if (!key || !hasSelectedText(selection)) return null;
    const range = selectedRange(selection, getModel().shadowRoots);
    if (!range || inOurUi(range.startContainer)) return null;
    return describeSelection(getModel(), range);
  };

  const below = (range: Range): Point => {
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    return { x: last.right - 40, y: last.bottom + 6 };
  };

  const checkSelection = () => {
    if (!ctx.isValid || layer.kind === 'editor' || layer.kind === 'card') return;
    pending = selectedPassage();
    if (pending) setLayer({ kind: 'button', at: below(pending.range) });
    else if (layer.kind === 'button') setLayer({ kind: 'none' });
  };

  const openEditorForSelection = (): boolean => {
    const passage = selectedPassage();
    if (!passage) return false;
    close();
    pending = passage;
    setLayer({ kind: 'editor', at: below(passage.range), quote: normalize(passage.range.toString()).trim(), text: '', tags: [] });
    return true;
  };

  const listenForSelection = () => {
    ctx.addEventListener(document, 'mouseup', (event: MouseEvent) => {
      if (!inOurUi(event.target as Node)) ctx.setTimeout(checkSelection, 0);
    });
    ctx.addEventListener(document, 'keyup', (event: KeyboardEvent) => {
      if (!inOurUi(event.target as Node) && (event.shiftKey || event.key === 'Shift')) checkSelection();
    });
    ctx.addEventListener(document, 'selectionchange', () => {
      if (layer.kind === 'button' && !hasSelectedText(document.getSelection())) setLayer({ kind: 'none' });
    });
    ctx.addEventListener(
      window,
      'keydown',
      (event: KeyboardEvent) => {
        if (!isShortcut(event, ADD_NOTE_SHORTCUT)) return;
        if (openEditorForSelection()) event.preventDefault();
      },
      { capture: true },
    );
  };

  // ---- click a marked passage → its card ----------------------------------------------------
  /** The note whose range holds the character at (node, offset). */
  const noteAt = (node: Node, offset: number) =>
    placed.find(({ range }) => {
      if (!range) return false;
      try {
        return range.comparePoint(node, offset) === 0 && !(node === range.endContainer && offset >= range.endOffset);
      } catch {
        return false; // another document or shadow tree
      }
    }) ?? null;

  const openCard = (note: PlacedNote, at: Point) => {
    current = note;
    highlights.focus(note.range);
    const { annotation } = note;
    setLayer({ kind: 'card', at, note: { text: noteText(annotation), tags: noteTags(annotation), quote: quoteOf(annotation)?.exact ?? '' } });
  };

  const listenForClicks = () => {
    ctx.addEventListener(document, 'click', (event: MouseEvent) => {
      if (placed.length === 0 || inOurUi(event.target as Node) || !document.getSelection()?.isCollapsed) return;
      const point = textAt(event.clientX, event.clientY, getModel().shadowRoots);
      const note = point && noteAt(point.node, point.offset);
      if (note) openCard(note, { x: event.clientX, y: event.clientY + 12 });
      else if (layer.kind === 'card') close();
    });
  };

  // document.open() erases every listener on the document and window (ours included).
  const listen = () => {
    listenForNavigation();
    listenForSelection();
    listenForClicks();
  };
  listen();
  onDocumentRewritten(ctx, listen);

  ctx.onInvalidated(() => {
    observer.disconnect();
    clearTimeout(reanchorTimer);
    browser.runtime.onMessage.removeListener(onMessage);
    highlights.dispose();
    if (part) render(null, part);
  });

  if (initial && initial.key === key) {
    annotations = initial.annotations;
    place();
  } else load();

  return {
    list: () =>
      annotations.map((annotation) => ({
        id: annotation.id,
        text: noteText(annotation),
        tags: noteTags(annotation),
        quote: quoteOf(annotation)?.exact ?? '',
        orphan: !placed.some((p) => p.annotation.id === annotation.id && p.range !== null),
      })),
    show(id) {
      const note = placed.find((p) => p.annotation.id === id && p.range !== null);
      if (!note?.range) return false;
      const target = note.range.startContainer.parentElement;
      target?.scrollIntoView({ block: 'center' });
      const box = note.range.getBoundingClientRect();
      openCard(note, { x: box.left, y: box.bottom + 8 });
      return true;
    },
    addFromSelection: openEditorForSelection,
    checkSelection,
  };
}
