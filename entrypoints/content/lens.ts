// Applies the page configuration (page-config.ts) to this frame: detection runs, restarted when
// what it marks changes (glossary, categories) and stopped while Clinical Lens is off here; the
// highlight style; the hover card's options. Hover starts the first time Clinical Lens is on
// here, so a frame where it is off pays nothing per pointer move; its card is prepared (with the
// entries of the terms marked by then) once the first term is marked, when the page is idle, so
// pages without terms never load it.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AliasTable } from '../../lib/alias-table';
import { startDetection } from './detection';
import { createHighlighter, type Highlighter } from './highlighter';
import { type HoverController, startHover } from './hover';
import type { MentionLookup, MentionStore } from './mentions';
import type { PageConfig } from './page-config';

/** Longest wait for an idle moment before the card is prepared anyway (pages that never idle). */
const PREPARE_WITHIN_MS = 2_000;

export interface Lens {
  /** The current detection's mentions (none while off), for hover and the page's terms. */
  mentions: MentionLookup;
  /** Entry ids marked in this frame with their counts, most frequent first; [] while off. */
  pageTerms(): { id: string; count: number }[];
  apply(config: PageConfig): void;
  /** The glossary changed: the hover card's answers held so far may read differently now. */
  forgetEntries(): void;
}

interface Run {
  store: MentionStore;
  stop: AbortController;
  table: AliasTable;
  categories: string;
}

export function createLens(ctx: ContentScriptContext): Lens {
  const highlighter = createHighlighter();
  let run: Run | null = null;
  let hover: HoverController | null = null;
  let prepared = false;
  const marker: Highlighter = {
    ...highlighter,
    add(range, root) {
      highlighter.add(range, root);
      if (prepared) return;
      prepared = true;
      ctx.requestIdleCallback(() => hover?.prepare(run?.store.frequentEntryIds() ?? []), { timeout: PREPARE_WITHIN_MS });
    },
  };

  const mentions: MentionLookup = {
    at: (node, offset) => run?.store.at(node, offset) ?? null,
    shadowRoots: () => run?.store.shadowRoots() ?? [],
  };

  const stopRun = () => {
    run?.stop.abort();
    run = null;
  };

  return {
    mentions,
    pageTerms: () => run?.store.entryCounts() ?? [],
    forgetEntries: () => hover?.forgetEntries(),
    apply({ enabled, settings, table }) {
      highlighter.setStyle(settings.highlightStyle);
      if (!enabled) {
        stopRun();
        hover?.close();
        return;
      }
      const categories = settings.categories.join(' ');
      if (!run || run.table !== table || run.categories !== categories) {
        stopRun();
        const stop = new AbortController();
        const store = startDetection(ctx, table, { signal: stop.signal, highlighter: marker, categories: settings.categories });
        run = { store, stop, table, categories };
      }
      const hoverOptions = { delayMs: settings.hoverDelayMs, modifier: settings.hoverModifier };
      if (hover) hover.setOptions(hoverOptions);
      else hover = startHover(ctx, mentions, hoverOptions);
    },
  };
}
