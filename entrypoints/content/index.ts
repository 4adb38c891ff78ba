// The content script, in every frame: detection marks the page's terms, hover explains them,
// and the popup can ask this frame which terms it holds.
import aliasTable from 'virtual:clinical-lens/alias-table';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { answerContentRequests } from '../../platform/messaging';
import { startDetection } from './detection';
import { startHover } from './hover';

export default defineContentScript({
  matches: ['<all_urls>'],
  // Every frame has its own script and answers for its own document: EHRs put charts in iframes
  // (same-origin, srcdoc, about:blank, and blob:/data: ones via matchOriginAsFallback).
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main(ctx) {
    const mentions = startDetection(ctx, aliasTable);
    startHover(ctx, mentions);
    const stopAnswering = answerContentRequests({
      pageTerms: () => mentions.entryCounts(),
      lookupSelection: () => {
        throw new Error('Look up selection is not available in this version of Clinical Lens.');
      },
      pageUrl: () => location.href,
    });
    ctx.onInvalidated(stopAnswering);
  },
});
