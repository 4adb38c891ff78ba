// The hover card: a non-modal dialog in our shadow root, shown in the top layer (popover API)
// so page z-indexes, transforms and overflow cannot hide or clip it, and kept beside the term
// by @floating-ui/dom as the page scrolls or resizes. Entries come from the background; a
// newer request always wins over an older one still in flight.
import { autoUpdate, computePosition, flip, hide, inline, offset, shift, size, type VirtualElement } from '@floating-ui/dom';
import { render } from 'preact';
import { TermCard } from '../../components/TermCard';
import termCardCss from '../../components/TermCard.css?inline';
import type { EntryView } from '../../lib/messages';
import type { EntryClient } from './entry-client';
import popoverCss from './popover.css?inline';

export const POPOVER_CSS = `${termCardCss}\n${popoverCss}`;

export interface PopoverAnchor {
  range: Range;
  /** The pointer, to pick the right line of a term that wraps. */
  x: number;
  y: number;
}

export type CardContent =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  /** `trail` holds related entries opened from the card, newest last. */
  | { kind: 'entries'; surface: string; views: EntryView[]; selected: number; trail: EntryView[] };

export interface Popover {
  open(anchor: PopoverAnchor, entryIds: readonly string[], surface: string): void;
  close(): void;
  card(): HTMLElement | null;
  /** Moves keyboard focus into the card. */
  focus(): void;
}

export interface PopoverHooks {
  /** The user closed the card (close button) or its term scrolled out of sight. */
  onDismiss(): void;
  /** The text shown when entries could not be loaded. */
  errorMessage(error: unknown): string;
}

const EDGE_PX = 8;
const GAP_PX = 6;
const MAX_WIDTH_PX = 380;
const MIN_HEIGHT_PX = 140;
/** Taller entries scroll inside the card rather than covering the page. */
const MAX_HEIGHT_PX = 420;
const HEADING_ID = 'cl-hover-heading';

export function createPopover(part: HTMLElement, entries: EntryClient, hooks: PopoverHooks): Popover {
  let content: CardContent | null = null;
  let anchor: PopoverAnchor | null = null;
  let generation = 0;
  let stopTracking: (() => void) | null = null;

  const card = () => part.querySelector<HTMLElement>('.cl-popover');

  const paint = () => {
    render(
      content ? (
        <HoverCard
          content={content}
          onClose={hooks.onDismiss}
          onSelect={(selected) => update((c) => ({ ...c, selected }))}
          onRelated={openRelated}
          onBack={() => update((c) => ({ ...c, trail: c.trail.slice(0, -1) }))}
        />
      ) : null,
      part,
    );
  };

  const update = (change: (c: Extract<CardContent, { kind: 'entries' }>) => CardContent) => {
    if (content?.kind !== 'entries') return;
    content = change(content);
    paint();
  };

  const load = (ids: readonly string[], done: (views: EntryView[]) => void) => {
    const mine = ++generation;
    Promise.all(ids.map((id) => entries.get(id))).then(
      (views) => {
        if (mine !== generation) return;
        const found = views.filter((v): v is EntryView => v !== null);
        if (found.length === 0) {
          content = { kind: 'error', message: 'This term is no longer in the knowledge base. Reload the page to update the marks.' };
          paint();
        } else done(found);
      },
      (error: unknown) => {
        if (mine !== generation) return;
        content = { kind: 'error', message: hooks.errorMessage(error) };
        paint();
      },
    );
  };

  function openRelated(id: string) {
    load([id], ([view]) => view && update((c) => ({ ...c, trail: [...c.trail, view] })));
  }

  const track = (element: HTMLElement, at: PopoverAnchor) => {
    const reference: VirtualElement = {
      getBoundingClientRect: () => at.range.getBoundingClientRect(),
      getClientRects: () => at.range.getClientRects(),
      contextElement: at.range.startContainer.parentElement ?? undefined,
    };
    const place = () => {
      if (at.range.getClientRects().length === 0) {
        hooks.onDismiss();
        return;
      }
      void computePosition(reference, element, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          inline({ x: at.x, y: at.y }),
          offset(GAP_PX),
          flip({ padding: EDGE_PX }),
          shift({ padding: EDGE_PX }),
          size({
            padding: EDGE_PX,
            apply({ availableWidth, availableHeight }) {
              element.style.maxWidth = `${Math.min(MAX_WIDTH_PX, Math.max(200, availableWidth))}px`;
              element.style.maxHeight = `${Math.min(MAX_HEIGHT_PX, Math.max(MIN_HEIGHT_PX, availableHeight))}px`;
            },
          }),
          hide(),
        ],
      }).then(({ x, y, middlewareData }) => {
        if (anchor !== at) return;
        if (middlewareData.hide?.referenceHidden) {
          hooks.onDismiss();
          return;
        }
        element.style.left = `${Math.round(x)}px`;
        element.style.top = `${Math.round(y)}px`;
      });
    };
    return autoUpdate(reference, element, place);
  };

  return {
    open(at, ids, surface) {
      stopTracking?.();
      anchor = at;
      content = { kind: 'loading' };
      paint();
      const element = card();
      if (!element) return;
      if (typeof element.showPopover === 'function' && !element.matches(':popover-open')) element.showPopover();
      stopTracking = track(element, at);
      load(ids, (views) => {
        content = { kind: 'entries', surface, views, selected: 0, trail: [] };
        paint();
      });
    },
    close() {
      generation++;
      stopTracking?.();
      stopTracking = null;
      anchor = null;
      content = null;
      paint();
    },
    card,
    focus() {
      card()?.focus();
    },
  };
}

interface HoverCardProps {
  content: CardContent;
  onClose(): void;
  onSelect(index: number): void;
  onRelated(id: string): void;
  onBack(): void;
}

function HoverCard({ content, onClose, onSelect, onRelated, onBack }: HoverCardProps) {
  const entries = content.kind === 'entries' ? content : null;
  const related = entries?.trail.at(-1);
  const view = related ?? entries?.views[entries.selected];
  const choosing = entries !== null && !related && entries.views.length > 1;
  return (
    <div
      class="cl-popover"
      popover="manual"
      role="dialog"
      tabIndex={-1}
      aria-labelledby={view ? HEADING_ID : undefined}
      aria-label={view ? undefined : 'Clinical Lens'}
      aria-busy={content.kind === 'loading'}
    >
      <div class="cl-popover-bar">
        {related && (
          <button type="button" class="cl-icon-button" onClick={onBack} aria-label="Back" title="Back">
            ‹
          </button>
        )}
        <button type="button" class="cl-icon-button" onClick={onClose} aria-label="Close" title="Close (Esc)">
          ×
        </button>
      </div>
      {content.kind === 'loading' && (
        <p class="cl-status" role="status">
          Loading…
        </p>
      )}
      {content.kind === 'error' && (
        <p class="cl-error" role="alert">
          {content.message}
        </p>
      )}
      {choosing && <Candidates surface={entries.surface} views={entries.views} selected={entries.selected} onSelect={onSelect} />}
      {view && (
        <div
          class="cl-popover-body"
          role={choosing ? 'tabpanel' : undefined}
          id={choosing ? 'cl-hover-panel' : undefined}
          aria-labelledby={choosing ? `cl-hover-tab-${entries.selected}` : undefined}
        >
          <TermCard view={view} headingId={HEADING_ID} onRelated={onRelated} />
        </div>
      )}
    </div>
  );
}

/** An alias shared by several entries: one tab per meaning, arrow keys move between them. */
function Candidates({ surface, views, selected, onSelect }: { surface: string; views: EntryView[]; selected: number; onSelect(i: number): void }) {
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (selected + step + views.length) % views.length;
    onSelect(next);
    const tabs = (event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]');
    tabs[next]?.focus();
  };
  return (
    <div class="cl-candidates">
      <p class="cl-candidates-title">“{surface}” has {views.length} meanings:</p>
      <div role="tablist" aria-label={`Meanings of ${surface}`} onKeyDown={onKeyDown}>
        {views.map((view, i) => (
          <button
            type="button"
            role="tab"
            key={view.entry.id}
            id={`cl-hover-tab-${i}`}
            aria-selected={i === selected}
            aria-controls="cl-hover-panel"
            tabIndex={i === selected ? 0 : -1}
            class="cl-tab"
            onClick={() => onSelect(i)}
          >
            {view.entry.term}
          </button>
        ))}
      </div>
    </div>
  );
}
