// What the content script does in every frame, once index.ts has loaded it as a module:
// detection marks the page's terms and hover explains them, both following the user's settings
// and personal glossary live (page-config.ts → lens.ts); "look up selection" shows a card beside
// the selection; private notes are anchored and shown (notes ignore the site switch: they are
// the user's own data, never hidden by a setting); the popup can ask this frame which terms it
// holds.
import aliasTable from 'virtual:clinical-lens/alias-table';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { answerContentRequests } from '../../platform/messaging';
import { answerPageTermsRequests } from '../../platform/page-terms';
import { createLens } from './lens';
import { followPageConfig } from './page-config';
import { startNotes } from './notes';
import { createSelectionLookup, focusIsHere } from './selection-lookup';
import { createTextModel } from './text-model';

export function start(ctx: ContentScriptContext): void {
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
  let table = aliasTable;
  followPageConfig(ctx, aliasTable, (config) => {
    // A new table means the glossary changed: entries the cards hold may read differently now.
    if (config.table !== table) {
      lens.forgetEntries();
      lookup.forgetEntries();
      table = config.table;
    }
    lens.apply(config);
  });
}
