// One entry, full size, reusing the hover card. Esc or "Back" returns to the list.
import { useEffect, useRef } from 'preact/hooks';
import { TermCard } from '../../components/TermCard';
import type { EntryView } from '../../lib/messages';

export interface EntryPaneProps {
  view: EntryView | null | 'loading' | { error: string };
  onBack: () => void;
  onRelated: (id: string) => void;
}

export function EntryPane({ view, onBack, onRelated }: EntryPaneProps) {
  const pane = useRef<HTMLElement>(null);
  // The pane takes focus as it appears and again when the card arrives, so a screen reader
  // reads the heading and Tab reaches the card's links.
  useEffect(() => pane.current?.focus(), [view]);
  // On the document, not the pane: Esc must work even before focus has settled.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      onBack();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onBack]);
  return (
    <section class="entry-pane" ref={pane} tabIndex={-1} aria-labelledby="entry-heading">
      <button type="button" class="back" onClick={onBack}>
        <span aria-hidden="true">← </span>Back
      </button>
      {view === 'loading' ? (
        <p class="status" id="entry-heading">
          Loading…
        </p>
      ) : view === null ? (
        <p class="status" id="entry-heading">
          This entry no longer exists (it may have been removed from your glossary).
        </p>
      ) : 'error' in view ? (
        <p class="error" id="entry-heading" role="alert">
          {view.error}
        </p>
      ) : (
        <TermCard view={view} headingId="entry-heading" onRelated={onRelated} />
      )}
    </section>
  );
}
