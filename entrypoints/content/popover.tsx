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

/** What the card is placed beside: a term's or a selection's Range, or anything measured like one. */
export interface AnchorRange {
  getBoundingClientRect(): DOMRect;
  getClientRects(): DOMRectList | DOMRect[];
  startContainer: Node;
}

export interface PopoverAnchor {
  range: AnchorRange;
  /** The pointer, to pick the right line of a term that wraps. */
  x: number;
  y: number;
}

export type CardContent =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  /** Not an error, just something to say (nothing matched a lookup). */
  | { kind: 'message'; text: string }
  /** `trail` holds related entries opened from the card, newest last; `title` says what the
   * entries are (a lookup's "Best matches for …"), else several are the meanings of `surface`. */
  | { kind: 'entries'; surface: string; views: EntryView[]; selected: number; trail: EntryView[]; title?: string };

export interface Popover {
  open(anchor: PopoverAnchor, entryIds: readonly string[], surface: string, title?: string): void;
  openMessage(anchor: PopoverAnchor, text: string): void;
  close(): void;
  card(): HTMLElement | null;
  /** Moves keyboard focus into the card. */
  focus(): void;
  /**
   * Draws a card for `view` once, outside the page, and throws it away: the first real card
   * then runs code already compiled (while the page is idle, not while the user waits).
   */
  rehearse(view: EntryView): void;
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
export function createPopover(part: HTMLElement, entries: EntryClient, hooks: PopoverHooks): Popover {
  // Each part's card has its own ids: the hover card and the lookup card share one shadow root.
  const idPrefix = `cl-${part.dataset.part ?? 'card'}`;
  let content: CardContent | null = null;
  let anchor: PopoverAnchor | null = null;
  let generation = 0;
  let stopTracking: (() => void) | null = null;

  const card = () => part.querySelector<HTMLElement>('.cl-popover');

  const paint = () => {
    render(
      content ? (
        <HoverCard
          idPrefix={idPrefix}
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

  const show = (at: PopoverAnchor, first: CardContent) => {
    stopTracking?.();
    anchor = at;
    content = first;
    paint();
    const element = card();
    if (!element) return;
    if (typeof element.showPopover === 'function' && !element.matches(':popover-open')) element.showPopover();
    stopTracking = track(element, at);
  };

  return {
    open(at, ids, surface, title) {
      // Asked before the loading card is drawn, so the answer's round trip overlaps that work.
      load(ids, (views) => {
        content = { kind: 'entries', surface, views, selected: 0, trail: [], title };
        paint();
      });
      show(at, { kind: 'loading' });
    },
    openMessage(at, text) {
      generation++;
      show(at, { kind: 'message', text });
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
    rehearse(view) {
      const offstage = document.createElement('div');
      const noop = () => undefined;
      const rehearsal: CardContent = { kind: 'entries', surface: view.entry.term, views: [view], selected: 0, trail: [] };
      render(<HoverCard idPrefix={`${idPrefix}-rehearsal`} content={rehearsal} onClose={noop} onSelect={noop} onRelated={noop} onBack={noop} />, offstage);
      render(null, offstage);
    },
  };
}

interface HoverCardProps {
  idPrefix: string;
  content: CardContent;
  onClose(): void;
  onSelect(index: number): void;
  onRelated(id: string): void;
  onBack(): void;
}

function HoverCard({ idPrefix, content, onClose, onSelect, onRelated, onBack }: HoverCardProps) {
  const entries = content.kind === 'entries' ? content : null;
  const related = entries?.trail.at(-1);
  const view = related ?? entries?.views[entries.selected];
  const choosing = entries !== null && !related && entries.views.length > 1;
  const headingId = `${idPrefix}-heading`;
  return (
    <div
      class="cl-popover"
      popover="manual"
      role="dialog"
      tabIndex={-1}
      aria-labelledby={view ? headingId : undefined}
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
      {content.kind === 'message' && (
        <p class="cl-status" role="status">
          {content.text}
        </p>
      )}
      {choosing && <Candidates idPrefix={idPrefix} title={entries.title} surface={entries.surface} views={entries.views} selected={entries.selected} onSelect={onSelect} />}
      {entries?.title && !choosing && !related && <p class="cl-candidates-title">{entries.title}</p>}
      {view && (
        <div
          class="cl-popover-body"
          role={choosing ? 'tabpanel' : undefined}
          id={choosing ? `${idPrefix}-panel` : undefined}
          aria-labelledby={choosing ? `${idPrefix}-tab-${entries.selected}` : undefined}
        >
          <TermCard view={view} headingId={headingId} onRelated={onRelated} />
        </div>
      )}
    </div>
  );
}

interface CandidatesProps {
  idPrefix: string;
  title: string | undefined;
  surface: string;
  views: EntryView[];
  selected: number;
  onSelect(i: number): void;
}

/** Several entries (an alias's meanings, a lookup's matches): one tab each, arrow keys move between them. */
function Candidates({ idPrefix, title, surface, views, selected, onSelect }: CandidatesProps) {
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
      <p class="cl-candidates-title">{title ?? `“${surface}” has ${views.length} meanings:`}</p>
      <div role="tablist" aria-label={title ? `Matches for ${surface}` : `Meanings of ${surface}`} onKeyDown={onKeyDown}>
        {views.map((view, i) => (
          <button
            type="button"
            role="tab"
            key={view.entry.id}
            id={`${idPrefix}-tab-${i}`}
            aria-selected={i === selected}
            aria-controls={`${idPrefix}-panel`}
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
