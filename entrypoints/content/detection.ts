// Wires detection together for one frame: text model walks → matcher → mention store →
// highlight, kept current by the change observer, all undone when the context dies.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AliasTable } from '../../lib/alias-table';
import { createDetector } from '../../lib/detect';
import { createMatcher } from '../../lib/matcher';
import { createHighlighter } from './highlighter';
import { MentionStore } from './mentions';
import { ChangeObserver } from './observer';
import { Scanner } from './scanner';

export function startDetection(ctx: ContentScriptContext, table: AliasTable): MentionStore {
  const highlighter = createHighlighter();
  const store = new MentionStore({
    added: (range, root) => highlighter.add(range, root),
    removed: (range) => highlighter.delete(range),
  });
  const isValid = () => ctx.isValid;
  const scanner: Scanner = new Scanner({
    store,
    matcher: () => createMatcher(table),
    detector: () => createDetector(table),
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

  ctx.onInvalidated(() => {
    observer.disconnect();
    highlighter.dispose();
  });
  observer.observe(document);
  if (document.designMode !== 'on') scanner.scanRoot(document);
  return store;
}
