// The content script, in every frame: detection marks the page's terms and hover explains them,
// both following the user's settings and personal glossary live (page-config.ts → lens.ts);
// "look up selection" shows a card beside the selection; private notes are anchored and shown
// (notes ignore the site switch: they are the user's own data, never hidden by a setting); the
// popup can ask this frame which terms it holds.
import aliasTable from 'virtual:clinical-lens/alias-table';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { answerContentRequests } from '../../platform/messaging';
import { answerPageTermsRequests } from '../../platform/page-terms';
import { createLens } from './lens';
import { followPageConfig } from './page-config';
import { startNotes } from './notes';
import { createSelectionLookup, focusIsHere } from './selection-lookup';
import { createTextModel } from './text-model';

export default defineContentScript({
  matches: ['<all_urls>'],
  // Every frame has its own script and answers for its own document: EHRs put charts in iframes
  // (same-origin, srcdoc, about:blank, and blob:/data: ones via matchOriginAsFallback).
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  // WXT would otherwise window.postMessage every page and frame a "content script started"
  // message carrying our extension id: page scripts could tell Clinical Lens is installed, and
  // strict message handlers in EHR apps choke on it. Its document event does the same job.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const lens = createLens(ctx);
    const lookup = createSelectionLookup(ctx);
    const notes = startNotes(ctx, () => createTextModel(document));
    // Answering starts at once, before the settings are read: the popup may ask right away.
    const stopAnswering = answerContentRequests({
      pageTerms: () => lens.pageTerms(),
      // An explicit request, so it works where marking is switched off too.
      lookupSelection: ({ text }) => lookup.show(text),
      pageUrl: () => location.href,
      notesOnPage: () => notes.list(),
      showNote: ({ id }) => notes.show(id),
      addNote: ({ focusedOnly }) => (focusedOnly && !focusIsHere() ? false : notes.addFromSelection()),
    });
    ctx.onInvalidated(stopAnswering);
    ctx.onInvalidated(answerPageTermsRequests(() => lens.pageTerms()));
    followPageConfig(ctx, aliasTable, (config) => lens.apply(config));
  },
});
