// Wires detection together for one frame: text model walks → matcher → mention store →
// highlight, kept current by the change observer, all undone when the context dies or the
// caller's signal aborts (the user turned Clinical Lens off here, or what it marks changed).
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AliasTable } from '../../lib/alias-table';
import { withCategories } from '../../lib/category-filter';
import { createDetector } from '../../lib/detect';
import type { Category } from '../../lib/knowledge-schema';
import { createMatcher } from '../../lib/matcher';
import { createHighlighter, type Highlighter } from './highlighter';
import { MentionStore } from './mentions';
import { ChangeObserver } from './observer';
import { Scanner } from './scanner';

export interface DetectionOptions {
  /** Aborting stops this detection (no more scanning or observing) and removes its marks. */
  signal?: AbortSignal;
  /** Passed in to outlive one detection, so a restart keeps the chosen style and sheet. */
  highlighter?: Highlighter;
  /** Only entries of these categories are marked (default: all). */
  categories?: readonly Category[];
}

export function startDetection(ctx: ContentScriptContext, table: AliasTable, options: DetectionOptions = {}): MentionStore {
  const { signal, highlighter = createHighlighter(), categories } = options;
  const store = new MentionStore({
    added: (range, root) => highlighter.add(range, root),
    removed: (range) => highlighter.delete(range),
  });
  const isValid = () => ctx.isValid && !signal?.aborted;
  const scanner: Scanner = new Scanner({
    store,
    matcher: () => createMatcher(table),
    detector: () => (categories ? withCategories(createDetector(table), table, categories) : createDetector(table)),
    isValid,
    onShadowRoot(root) {
      if (!store.addShadowRoot(root)) return;
      observer.observe(root);
      scanner.scanRoot(root);
    },
    afterSlice: () => highlighter.restore(),
  });
  const observer: ChangeObserver = new ChangeObserver({
    scanner,
    store,
    isValid,
    onShadowRootGone(root) {
      observer.unobserve(root);
      scanner.forget(root);
      store.dropShadowRoot(root);
    },
  });

  // Either end stops it once, and lets go of the other's listener (a stopped detection must not
  // stay reachable from the context: its store holds the page's nodes).
  const stop = () => {
    forgetContext();
    signal?.removeEventListener('abort', stop);
    observer.disconnect();
    highlighter.dispose();
  };
  const forgetContext = ctx.onInvalidated(stop);
  signal?.addEventListener('abort', stop);
  observer.observe(document);
  if (document.designMode !== 'on') scanner.scanRoot(document);
  return store;
}
