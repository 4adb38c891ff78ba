// The content script WXT injects into every frame: a loader for core.ts, which does the work.
// That part is an ES module in the package (modules/content-modules.ts builds it), because
// Chromium compiles an imported module off the page's main thread and keeps its compiled code
// for the next page of the site, while a classic content script is compiled again, on the main
// thread, in every frame of every page.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentCore } from './module-loaders';

/** document.open() aborts a module load in progress (script-written frames): try again. */
const LOAD_ATTEMPTS = 3;

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
    const load = (attempt: number): void => {
      contentCore.load().then(
        (core) => core.start(ctx),
        (error: unknown) => {
          if (!ctx.isValid) return;
          if (attempt < LOAD_ATTEMPTS) ctx.setTimeout(() => load(attempt + 1), 100 * attempt);
          else console.warn('Clinical Lens could not start in this frame', error);
        },
      );
    };
    load(1);
  },
});
