// document.open() (and document.write() once a document has loaded, which opens it) empties the
// document and erases every event listener on it and on its window — ours too, although we run
// in another world — while our mutation observers stay. EHR shells fill about:blank frames this
// way, often after our script has started in them, so whatever listens must listen again.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Calls back after the document was emptied (its root element removed) to be written anew. */
export function onDocumentRewritten(ctx: ContentScriptContext, callback: () => void): void {
  const observer = new MutationObserver((records) => {
    if (ctx.isValid && records.some((record) => [...record.removedNodes].some((node) => node.nodeType === Node.ELEMENT_NODE))) callback();
  });
  observer.observe(document, { childList: true });
  ctx.onInvalidated(() => observer.disconnect());
}
